import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { cli, readManifests, tempProject } from '../helpers.js';
import { componentBinary, missingTool, toolBinary } from '../tools/binaries.js';
import { consumerParsers, type IniSection } from '../tools/consumers.js';
import { toYaml } from '../../src/formats/yaml.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';
import { COMPONENT_LIST } from '../../src/components/registry.js';

/**
 * A definition full of hostile strings, rendered by the CLI and fed to the real consumers
 * that run here: promtool and amtool (pinned builds from the store), systemd-analyze
 * verify, Helm (its templates against `render kubernetes`), docker-compose, and the Go
 * parsers (yaml.v3/v2, go-ini, encoding/json). Each must accept the files and read the
 * strings back as written. (Grafana, Loki, Tempo, Mimir and Alloy cannot run here: their
 * files are read back by the parsers those programs use.)
 */
const H = 'sep\u2028line nel\u0085 bom\ufeff c1\u0090 "q" \'s\' back\\slash %H $HOME ${X} yes <<: # ; \u001b[31mred\u001b[0m 日本';
const definition = {
  name: 'hostile',
  grafana: { adminUser: 'admin "x" y', settings: { server: { x: 'value # ; `b` "q" \\' } } },
  prometheus: { externalLabels: { team: H } },
  alertmanager: { receivers: [{ name: 'default', slack: [{ apiUrl: { env: 'SLACK_URL' }, title: H, text: H }] }] },
  rules: [{ name: 'Hostile Group', rules: [{ alert: 'A', expr: 'up == 0', labels: { team: H }, annotations: { summary: H } }] }],
  dashboards: [{ folder: 'My Team', dashboard: { uid: 'hostile', title: `Hostile {{legend}} ${H}`, panels: [{ type: 'text', title: H, options: { content: H } }] } }],
  datasources: [{ uid: 'extra', name: 'Extra', type: 'prometheus', url: 'http://127.0.0.1:9999', jsonData: { note: H } }],
  kubernetes: { ingress: { host: 'grafana.example.com', annotations: { 'example.com/h': H } } },
};
/** What Helm's toYaml can carry (no DEL or C1 control): the chart's annotation. */
const HELM_H = H.replace(/[\u007f-\u009f]/g, '');
const env = { GRAFANA_ADMIN_PASSWORD: 'x', SLACK_URL: 'https://hooks.slack.example/x' };
const project = tempProject({ 'grafana-stack.config.yaml': toYaml(definition) });
const helmProject = tempProject({ 'grafana-stack.config.yaml': toYaml({ ...definition, kubernetes: { ingress: { host: 'grafana.example.com', annotations: { 'example.com/h': HELM_H } } } }) });
const render = (target: string, extra: string[] = [], cwd = project) => {
  const out = `out-${target}`;
  const r = cli(['render', target, '--out', out, ...extra], { cwd, env });
  assert.equal(r.code, 0, r.stderr);
  return join(cwd, out);
};
const parsers = await consumerParsers();
const promtool = await componentBinary('promtool', DEFAULT_VERSIONS.prometheus, 'prometheus');
const amtool = await componentBinary('amtool', DEFAULT_VERSIONS.alertmanager, 'alertmanager');

test('promtool (pinned) accepts prometheus.yml and the rule file; the Go parsers read the hostile strings back', { skip: !promtool && `promtool ${DEFAULT_VERSIONS.prometheus} not in the store (grafana-stack fetch --from source prometheus)` }, () => {
  const out = render('native');
  const config = spawnSync(promtool!, ['check', 'config', '--syntax-only', join(out, 'prometheus/prometheus.yml')], { encoding: 'utf8' });
  assert.equal(config.status, 0, config.stdout + config.stderr);
  const [rulesFile] = readdirSync(join(out, 'prometheus/rules'));
  const rules = spawnSync(promtool!, ['check', 'rules', join(out, 'prometheus/rules', rulesFile!)], { encoding: 'utf8' });
  assert.equal(rules.status, 0, rules.stdout + rules.stderr);
  if ('missing' in parsers) return;
  const [p, r] = parsers.parse([
    { kind: 'yaml', text: readFileSync(join(out, 'prometheus/prometheus.yml'), 'utf8') },
    { kind: 'yaml', text: readFileSync(join(out, 'prometheus/rules', rulesFile!), 'utf8') },
  ]);
  assert.equal((p!.value as any)[0].global.external_labels.team, H);
  const rule = (r!.value as any)[0].groups[0].rules[0];
  assert.deepEqual([rule.annotations.summary, rule.labels.team], [H, H]);
});

test('amtool (pinned) accepts alertmanager.yml; the slack title and text read back intact', { skip: !amtool && `amtool ${DEFAULT_VERSIONS.alertmanager} not in the store (grafana-stack fetch --from source alertmanager)` }, () => {
  const out = render('native');
  const r = spawnSync(amtool!, ['check-config', join(out, 'alertmanager/alertmanager.yml')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  if ('missing' in parsers) return;
  const [a] = parsers.parse([{ kind: 'yaml', text: readFileSync(join(out, 'alertmanager/alertmanager.yml'), 'utf8') }]);
  const slack = (a!.value as any)[0].receivers[0].slack_configs[0];
  assert.deepEqual([slack.title, slack.text], [H, H]);
});

test('Grafana: go-ini reads grafana.ini as written, provisioning and dashboards read back intact', { skip: 'missing' in parsers && parsers.missing }, () => {
  if ('missing' in parsers) return;
  const out = render('native');
  const [ini, ds, dash] = parsers.parse([
    { kind: 'ini', text: readFileSync(join(out, 'grafana/grafana.ini'), 'utf8') },
    { kind: 'yaml', text: readFileSync(join(out, 'grafana/provisioning/datasources/stack.yaml'), 'utf8') },
    { kind: 'json', text: readFileSync(join(out, 'grafana/dashboards/My Team/hostile.json'), 'utf8') },
  ]);
  const sections = ini!.value as IniSection[];
  const key = (s: string, k: string) => sections.find((x) => x.name === s)!.keys.find((x) => x.name === k)!;
  assert.deepEqual([key('security', 'admin_user').string, key('server', 'x').string], ['admin "x" y', 'value # ; `b` "q" \\']);
  // Grafana reads each $$ of a provisioning value as $.
  const extra = (ds!.value as any)[0].datasources.find((d: { uid: string }) => d.uid === 'extra');
  assert.equal(extra.jsonData.note.split('$$').join('$'), H);
  assert.equal((dash!.value as any).panels[0].title, H);
});

const systemdAnalyze = await componentBinary('systemd-analyze');
test('systemd-analyze verify reads every unit of the hostile stack without a warning, at a prefix with spaces, % and $', { skip: !systemdAnalyze && 'systemd-analyze not installed' }, () => {
  const prefix = join(mkdtempSync(join(tmpdir(), 'gs-hostile-')), 'my opt %n $HOME');
  for (const def of COMPONENT_LIST) {
    const version = (DEFAULT_VERSIONS as Record<string, string>)[def.name]!;
    for (const binary of def.artifact?.binaries ?? []) {
      mkdirSync(join(prefix, `${def.name}-${version}`), { recursive: true });
      writeFileSync(join(prefix, `${def.name}-${version}`, binary), '#!/bin/sh\n');
      chmodSync(join(prefix, `${def.name}-${version}`, binary), 0o755);
    }
  }
  const out = render('systemd', ['--prefix', prefix, '--etc-dir', '/etc/my stack %i']);
  const units = readdirSync(join(out, 'systemd'));
  const r = spawnSync(systemdAnalyze!, ['verify', ...units], { cwd: join(out, 'systemd'), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr.trim(), '', `systemd-analyze verify warned:\n${r.stderr}`);
});

test('systemd: a relative, multi-line or quoted --prefix or --etc-dir is refused, nothing written', () => {
  for (const [flag, value] of [['--prefix', 'opt/gs'], ['--prefix', '/opt/gs\nExecStartPre=/bin/sh'], ['--etc-dir', '/etc/"gs"'], ['--etc-dir', '/etc/../gs']] as const) {
    const r = cli(['render', 'systemd', '--out', 'refused', flag, value], { cwd: project, env });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`${flag}: `));
    assert.doesNotMatch(r.stderr, /[\u0000-\u0009\u000b-\u001f]/);
  }
  assert.ok(!readdirSync(project).includes('refused'));
});

for (const id of ['helm'] as const) {
  const helm = await toolBinary(id);
  test(`${id} template of the hostile chart gives the objects of render kubernetes, strings and {{ intact`, { skip: !helm && missingTool(id) }, () => {
    const home = mkdtempSync(join(tmpdir(), 'gs-helm-'));
    const refused = cli(['render', 'helm', '--out', 'refused-helm'], { cwd: project, env });
    assert.equal(refused.code, 2, 'a C1 control in an annotation cannot pass Helm\'s toYaml: refused');
    assert.match(refused.stderr, /values\.yaml › ingress\.annotations\["example\.com\/h"\]: .*C1 control/);
    const r = spawnSync(helm!, ['template', 'hostile', render('helm', [], helmProject), '--namespace', 'hostile'], { encoding: 'utf8', env: { ...process.env, HOME: home, HELM_CACHE_HOME: join(home, 'c'), HELM_CONFIG_HOME: join(home, 'f'), HELM_DATA_HOME: join(home, 'd') } });
    assert.equal(r.status, 0, r.stderr);
    type Obj = { kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; data?: Record<string, string> };
    const id = (o: Obj) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const sort = (os: Obj[]) => os.sort((a, b) => id(a).localeCompare(id(b)));
    const actual = sort(parseAllDocuments(r.stdout).map((d) => d.toJS() as Obj | null).filter((o): o is Obj => o !== null));
    const expected = sort(readManifests<Obj>(render('kubernetes', [], helmProject)));
    assert.deepEqual(actual, expected);
    assert.equal(actual.find((o) => o.kind === 'Ingress')!.metadata.annotations!['example.com/h'], HELM_H);
    const grafanaConfig = actual.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'grafana-config')!.data!;
    const dashboard = JSON.parse(grafanaConfig['dashboards__My_x20_Team__hostile.json']!) as { title: string };
    assert.equal(dashboard.title, `Hostile {{legend}} ${H}`, 'the dashboard title, {{ included, comes through Helm');
    if (!('missing' in parsers)) {
      const [back] = parsers.parse([{ kind: 'yaml', text: r.stdout }]);
      assert.equal(back!.error, undefined, back!.error);
    }
  });
}

test('docker-compose config accepts the hostile compose.yaml', { skip: !(spawnSync('docker-compose', ['version']).status === 0) && 'docker-compose not installed' }, () => {
  const out = render('compose');
  const r = spawnSync('docker-compose', ['-f', 'compose.yaml', '-p', 'hostile', 'config', '-q'], { cwd: out, encoding: 'utf8', env: { ...process.env, GRAFANA_STACK_SECRETS_DIR: '/nonexistent' } });
  assert.equal(r.status, 0, r.stderr);
});

const kubectl = await toolBinary('kubectl');
test("kubectl's own reader (kubectl kustomize, offline) reads the hostile manifests as render kubernetes wrote them", { skip: !kubectl && missingTool('kubectl') }, () => {
  const out = render('kubernetes', [], helmProject);
  const files = readdirSync(out).filter((f) => f.endsWith('.yaml'));
  writeFileSync(join(out, 'kustomization.yaml'), toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: files }));
  const r = spawnSync(kubectl!, ['kustomize', out], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: '/dev/null' } });
  assert.equal(r.status, 0, r.stderr);
  type Obj = { kind: string; metadata: { name: string; namespace?: string } };
  const id = (o: Obj) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const sort = (os: Obj[]) => os.sort((a, b) => id(a).localeCompare(id(b)));
  const read = sort(parseAllDocuments(r.stdout).map((d) => d.toJS() as Obj | null).filter((o): o is Obj => o !== null));
  assert.deepEqual(read, sort(readManifests<Obj>(out).filter((o) => o.kind !== 'Kustomization')));
});
