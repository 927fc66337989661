import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, manifestPaths, readManifests, tempProject } from '../helpers.js';
import { startKubeApiserver } from './kube-apiserver.js';
import { toolBinary } from '../tools/binaries.js';
import { largeStack } from '../../bench/large-stack.js';

/**
 * A stack whose config is over Kubernetes' 1 MiB ConfigMap limit (5x the benchmark's large
 * stack: 3.2 MiB of dashboards, 1.3 MiB of rule files) against a real API server: part of the
 * same data in one ConfigMap is refused (so the limit is real here), the split manifests pass
 * kube-score, the split ConfigMaps are applied by `k8s apply`, a pod with the projected config volume is admitted under Pod
 * Security "restricted", and the Helm chart of the stack lints, templates the same objects
 * and installs.
 */
const server = await startKubeApiserver();
const helm = await toolBinary('helm');
const kubeScore = await toolBinary('kube-score');
const skip = typeof server === 'string' ? server : false;
after(() => {
  if (typeof server !== 'string') server.stop();
});

const NS = 'e2e-large';
type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; spec?: any; data?: Record<string, string> };
const dir = tempProject({ 'grafana-stack.config.json': JSON.stringify({ ...largeStack(5), name: NS }) });
const env = () => (typeof server === 'string' ? {} : { KUBECONFIG: server.kubeconfig, GRAFANA_STACK_KUBECTL: server.kubectl, NO_COLOR: '1' });
const kubectl = (args: string[], input?: string) =>
  spawnSync((server as { kubectl: string }).kubectl, ['--kubeconfig', (server as { kubeconfig: string }).kubeconfig, ...args], { encoding: 'utf8', maxBuffer: 256 << 20, ...(input ? { input } : {}) });

test('a stack over the 1 MiB ConfigMap limit: refused in one ConfigMap, admitted split', { skip, timeout: 600_000 }, async (t) => {
  const rendered = cli(['render', 'kubernetes', '--out', 'out'], { cwd: dir, env: env() });
  assert.equal(rendered.code, 0, rendered.stderr);
  const objects = readManifests<Obj>(join(dir, 'out'));
  const maps = objects.filter((o) => o.kind === 'ConfigMap');

  await t.test('the API server refuses the dashboards of three of those ConfigMaps in one (the limit is real)', () => {
    assert.equal(kubectl(['create', 'namespace', NS]).status, 0);
    // Three of them (1.5 MiB): all 3.2 MiB would be refused before validation, as a request over 3 MiB.
    const data = Object.assign({}, ...maps.filter((m) => m.metadata.name.startsWith('grafana-dashboards-')).slice(0, 3).map((m) => m.data));
    const one = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'grafana-config-unsplit', namespace: NS }, data };
    const r = kubectl(['create', '--dry-run=server', '-f', '-'], JSON.stringify(one));
    assert.notEqual(r.status, 0, 'a 1.5 MiB ConfigMap is refused');
    assert.match(r.stderr, /Too long: may not be more than 1048576 bytes/);
  });

  await t.test('kube-score passes the split manifests as strictly as the others', { skip: !kubeScore && 'kube-score is not in the store (npm run fetch:tools -- kube-score)' }, () => {
    const strict = ['-o', 'ci', '--exit-one-on-warning', '--enable-optional-test', 'container-seccomp-profile', '--enable-optional-test', 'container-ports-check', '--ignore-test', 'container-image-pull-policy'];
    const r = spawnSync(kubeScore!, ['score', ...strict, ...manifestPaths(join(dir, 'out'))], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.equal(r.status, 0, r.stdout.split('\n').filter((l) => !l.startsWith('[OK]') && !l.startsWith('[SKIPPED]')).join('\n'));
  });

  await t.test('k8s apply applies every split ConfigMap and the workloads that project them', () => {
    const r = cli(['k8s', 'apply', '--no-wait'], { cwd: dir, env: env() });
    assert.equal(r.code, 0, r.stderr);
    const stored = kubectl(['get', 'configmaps', '-n', NS, '-l', 'app.kubernetes.io/part-of=e2e-large', '-o', 'json']);
    assert.equal(stored.status, 0, stored.stderr);
    const inCluster = (JSON.parse(stored.stdout).items as Obj[]).map((o) => o.metadata.name).sort();
    assert.deepEqual(inCluster, maps.map((m) => m.metadata.name).sort());
    assert.ok(inCluster.filter((n) => n.startsWith('grafana-dashboards-')).length >= 5 && inCluster.some((n) => n.startsWith('prometheus-rules-')), inCluster.join(', '));
    // Every file is back, byte for byte.
    for (const m of maps) {
      const back = JSON.parse(kubectl(['get', 'configmap', m.metadata.name, '-n', NS, '-o', 'json']).stdout) as Obj;
      assert.deepEqual(back.data, m.data, m.metadata.name);
    }
  });

  await t.test('a pod with the projected config volume is admitted under Pod Security "restricted"', () => {
    for (const name of ['grafana', 'prometheus']) {
      const sts = JSON.parse(kubectl(['get', 'statefulset', name, '-n', NS, '-o', 'json']).stdout);
      const spec = sts.spec.template.spec;
      assert.ok(spec.volumes.find((v: { name: string }) => v.name === 'config').projected, `${name} projects its ConfigMaps`);
      for (const c of sts.spec.volumeClaimTemplates) spec.volumes.push({ name: c.metadata.name, persistentVolumeClaim: { claimName: `${c.metadata.name}-${name}-0` } });
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `${name}-admission`, namespace: NS }, spec };
      const r = kubectl(['create', '--dry-run=server', '-f', '-'], JSON.stringify(pod));
      assert.equal(r.status, 0, `${name}: ${r.stderr}`);
    }
  });

  await t.test('k8s delete removes them', () => {
    const r = cli(['k8s', 'delete'], { cwd: dir, env: env() });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(kubectl(['get', 'configmaps', '-n', NS, '-l', 'app.kubernetes.io/part-of=e2e-large', '-o', 'name']).stdout.trim(), '');
  });
});

test('helm: the chart of a stack over the limit lints, templates the split ConfigMaps and installs', { skip: skip || (!helm && 'helm is not in the store (npm run fetch:tools -- helm)'), timeout: 600_000 }, () => {
  const ns = 'e2e-large-helm';
  const project = tempProject({ 'grafana-stack.config.json': JSON.stringify({ ...largeStack(5), name: ns }) });
  const rendered = cli(['render', 'helm', '--out', 'chart'], { cwd: project, env: env() });
  assert.equal(rendered.code, 0, rendered.stderr);
  const expected = cli(['render', 'kubernetes', '--out', 'out'], { cwd: project, env: env() });
  assert.equal(expected.code, 0, expected.stderr);
  const home = tempProject();
  const h = (...args: string[]) =>
    spawnSync(helm!, [...args, '--kubeconfig', (server as { kubeconfig: string }).kubeconfig], {
      encoding: 'utf8',
      maxBuffer: 256 << 20,
      env: { ...process.env, HOME: home, HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data') },
    });
  const chart = join(project, 'chart');
  const lint = h('lint', '--strict', chart, '--namespace', ns);
  assert.equal(lint.status, 0, lint.stdout + lint.stderr);
  const template = h('template', ns, chart, '--namespace', ns);
  assert.equal(template.status, 0, template.stderr);
  writeFileSync(join(project, 'template.yaml'), template.stdout);
  const fromHelm = readManifests<Obj>(project).filter((o) => o.kind === 'ConfigMap');
  const fromRender = readManifests<Obj>(join(project, 'out')).filter((o) => o.kind === 'ConfigMap');
  const byName = (a: Obj, b: Obj) => a.metadata.name.localeCompare(b.metadata.name);
  assert.deepEqual(fromHelm.sort(byName), fromRender.sort(byName), 'the chart renders the same split ConfigMaps');
  const install = h('install', ns, chart, '-n', ns, '--create-namespace');
  assert.equal(install.status, 0, install.stderr);
  const names = kubectl(['get', 'configmaps', '-n', ns, '-o', 'name']).stdout;
  for (const m of fromRender) assert.ok(names.includes(`configmap/${m.metadata.name}\n`), m.metadata.name);
  const uninstall = h('uninstall', ns, '-n', ns);
  assert.equal(uninstall.status, 0, uninstall.stderr);
});
