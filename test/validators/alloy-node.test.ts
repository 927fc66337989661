import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse, parseAllDocuments } from 'yaml';
import { cli, manifestPaths, readManifests, renderFixture, ROOT } from '../helpers.js';
import { COMPONENT_LIST } from '../../src/components/registry.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';
import { componentBinary } from '../tools/binaries.js';
import { missingTool, toolBinary } from '../tools/binaries.js';
import { KUBERNETES_VERSIONS, kubernetesSwagger, kubernetesValidators } from './k8s-openapi.js';
import { withoutChartExtras } from '../tools/helm-chart.js';

/**
 * The stack with Alloy, node-exporter and kube-state-metrics (test/fixtures/alloy-node)
 * through the same real validators as the other fixtures: the Kubernetes OpenAPI schemas,
 * Pod Security per namespace (the stack's "restricted", node-exporter's own "privileged"
 * one with nothing else in it), kube-score, `helm template` = `render kubernetes`, and the
 * Compose Specification schema and docker-compose.
 */
const FIXTURE = join(ROOT, 'test/fixtures/alloy-node.config.yaml');
const env = { GRAFANA_ADMIN_PASSWORD: 'x' };
type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: any; rules?: any[] };
const k8s = () => renderFixture(FIXTURE, 'kubernetes', { env });
const objects = readManifests<Obj>(k8s());

for (const version of Object.keys(KUBERNETES_VERSIONS) as (keyof typeof KUBERNETES_VERSIONS)[]) {
  const swagger = kubernetesSwagger(version);
  test(`alloy-node: every object validates against the Kubernetes ${version} OpenAPI schema`, { skip: typeof swagger === 'string' && `Kubernetes ${version} schema not available: ${swagger}` }, () => {
    const validatorFor = kubernetesValidators(swagger as Exclude<typeof swagger, string>);
    for (const kind of ['DaemonSet', 'Namespace', 'Role', 'RoleBinding']) assert.ok(objects.some((o) => o.kind === kind), `no ${kind}`);
    const problems = objects.flatMap((o) => {
      const validate = validatorFor(o.apiVersion, o.kind);
      if (!validate) return [`${o.kind}/${o.metadata.name}: no schema`];
      const where = `${o.kind}/${o.metadata.name}`;
      return validate(o as unknown) ? [] : [`${where}: ${JSON.stringify(validate.errors)}`];
    });
    assert.deepEqual(problems, []);
    // The DaemonSet schema is really consulted.
    const ds = structuredClone(objects.find((o) => o.kind === 'DaemonSet')!);
    assert.equal(validatorFor('apps/v1', 'DaemonSet')!({ ...ds, spec: { ...ds.spec, replicas: 1 } }), false);
  });
}

const RESTRICTED_VOLUMES = ['configMap', 'secret', 'emptyDir', 'projected', 'downwardAPI', 'csi', 'persistentVolumeClaim', 'ephemeral'];

test('alloy-node: the stack namespace stays "restricted"; only node-exporter lives in the "privileged" one, otherwise locked down', () => {
  const namespaces = objects.filter((o) => o.kind === 'Namespace');
  const level = (n: string) => namespaces.find((o) => o.metadata.name === n)!.metadata.labels!['pod-security.kubernetes.io/enforce'];
  assert.equal(level('agents'), 'restricted');
  assert.equal(level('agents-node'), 'privileged');
  assert.match(namespaces.find((o) => o.metadata.name === 'agents-node')!.metadata.annotations!['grafana-stack.dev/why-separate-namespace']!, /node-exporter runs in agents-node, not agents, because/);
  const pods = objects.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind));
  assert.deepEqual(pods.filter((o) => o.metadata.namespace === 'agents-node').map((o) => `${o.kind}/${o.metadata.name}`), ['DaemonSet/node-exporter']);
  for (const w of pods) {
    const pod = w.spec.template.spec;
    const where = `${w.kind}/${w.metadata.name}`;
    for (const k of ['hostNetwork', 'hostPID', 'hostIPC']) assert.ok(!pod[k], `${where}: ${k}`);
    for (const c of pod.containers) {
      assert.equal(c.securityContext.allowPrivilegeEscalation, false, where);
      assert.deepEqual(c.securityContext.capabilities.drop, ['ALL'], where);
      assert.equal(c.securityContext.readOnlyRootFilesystem, true, where);
      assert.ok(!c.securityContext.privileged, where);
      for (const p of c.ports) assert.ok(!p.hostPort, where);
    }
    assert.equal(pod.securityContext.runAsNonRoot, true, where);
    const kinds = (pod.volumes as Record<string, unknown>[]).map((v) => Object.keys(v).find((k) => k !== 'name')!);
    if (w.metadata.namespace === 'agents') assert.ok(kinds.every((k) => RESTRICTED_VOLUMES.includes(k)), `${where}: ${kinds}`);
    else assert.deepEqual(kinds.filter((k) => !RESTRICTED_VOLUMES.includes(k)), ['hostPath', 'hostPath', 'hostPath'], where);
  }
  assert.ok(!objects.some((o) => o.kind.startsWith('Cluster')), 'no ClusterRole or ClusterRoleBinding');
  const ksmRole = objects.find((o) => o.kind === 'Role' && o.metadata.name === 'agents-kube-state-metrics')!;
  assert.equal(ksmRole.metadata.namespace, 'agents');
});

const kubeScore = await toolBinary('kube-score');
test('alloy-node: kube-score finds nothing (DaemonSet, Roles, cross-namespace policies)', { skip: !kubeScore && missingTool('kube-score') }, () => {
  const STRICT = ['-o', 'ci', '--exit-one-on-warning', '--enable-optional-test', 'container-seccomp-profile', '--enable-optional-test', 'container-ports-check', '--ignore-test', 'container-image-pull-policy',
    // kube-state-metrics runs one replica on purpose: a second would export every series twice (upstream shards instead).
    '--ignore-test', 'deployment-replicas'];
  const r = spawnSync(kubeScore!, ['score', ...STRICT, ...manifestPaths(k8s())], { encoding: 'utf8' });
  const problems = r.stdout.split('\n').filter((l) => /^\[(CRITICAL|WARNING)\]/.test(l));
  assert.deepEqual(problems, []);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /\[OK\] node-exporter\/agents-node apps\/v1\/DaemonSet/);
});

for (const id of ['helm', 'helm3'] as const) {
  const helm = await toolBinary(id);
  test(`alloy-node: ${id} template with default values gives the objects of render kubernetes`, { skip: !helm && missingTool(id) }, () => {
    const home = mkdtempSync(join(tmpdir(), 'gs-helm-'));
    const chart = renderFixture(FIXTURE, 'helm', { env });
    const r = spawnSync(helm!, ['template', 'agents', chart, '--namespace', 'agents'], { encoding: 'utf8', env: { ...process.env, HOME: home, HELM_CACHE_HOME: join(home, 'c'), HELM_CONFIG_HOME: join(home, 'f'), HELM_DATA_HOME: join(home, 'd') } });
    assert.equal(r.status, 0, r.stderr);
    const key = (o: Obj) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const sorted = (list: Obj[]) => list.sort((a, b) => key(a).localeCompare(key(b)));
    // The chart also creates the Secrets render kubernetes only references, and keeps its Namespace on uninstall.
    const actual = sorted(withoutChartExtras(parseAllDocuments(r.stdout).map((d) => d.toJS() as Obj | null).filter((o): o is Obj => o !== null)));
    const expected = sorted([...objects]);
    assert.deepEqual(actual.map(key), expected.map(key));
    for (let i = 0; i < expected.length; i++) assert.deepEqual(actual[i], expected[i], key(expected[i]!));
    const lint = spawnSync(helm!, ['lint', '--strict', chart, '--namespace', 'agents'], { encoding: 'utf8', env: { ...process.env, HOME: home } });
    assert.equal(lint.status, 0, lint.stdout + lint.stderr);
  });
}

const dockerCompose = await componentBinary('docker-compose');
test('alloy-node: compose.yaml passes the Compose Specification schema and docker-compose config', () => {
  const out = renderFixture(FIXTURE, 'compose', { env });
  const text = readFileSync(join(out, 'compose.yaml'), 'utf8');
  const schema = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/compose-spec/compose-spec.json'), 'utf8')) as object;
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
  assert.ok(validate(parse(text)), JSON.stringify(validate.errors, null, 2));
  assert.match(text, /^# No service kube-state-metrics: /m);
  if (dockerCompose) {
    const r = spawnSync(dockerCompose, ['-p', 'agents', '-f', join(out, 'compose.yaml'), 'config', '-q'], { encoding: 'utf8', env: { ...process.env, GRAFANA_STACK_SECRETS_DIR: '/nonexistent', GRAFANA_STACK_PROBE: '/nonexistent' } });
    assert.equal(r.status, 0, r.stderr);
  }
});

const systemdAnalyze = await componentBinary('systemd-analyze');
test('alloy-node: systemd-analyze verify accepts every unit; node-exporter keeps a low exposure with its host access', { skip: !systemdAnalyze && 'systemd-analyze not installed' }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'gs-alloy-node-systemd-'));
  const prefix = join(dir, 'opt');
  // verify checks that ExecStart= points at an executable: stand-ins at the prefix, named as each artifact's server binary.
  for (const def of COMPONENT_LIST) {
    const d = join(prefix, `${def.name}-${(DEFAULT_VERSIONS as Record<string, string>)[def.name]}`);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, def.artifact!.binaries[0]!), '#!/bin/sh\n', { mode: 0o755 });
  }
  const r0 = cli(['--config', FIXTURE, 'render', 'systemd', '--out', 'out', '--prefix', prefix], { cwd: dir, env });
  assert.equal(r0.code, 0, r0.stderr);
  const unitsDir = join(dir, 'out/systemd');
  const units = readdirSync(unitsDir);
  assert.ok(units.includes('agents-node-exporter.service') && units.includes('agents-alloy.service'));
  assert.ok(!units.some((u) => u.includes('kube-state-metrics')), 'kube-state-metrics runs only in a cluster');
  const r = spawnSync(systemdAnalyze!, ['verify', '--man=no', ...units.map((u) => join(unitsDir, u))], { encoding: 'utf8', env: { ...process.env, SYSTEMD_LOG_LEVEL: 'warning' } });
  assert.equal(r.stderr.trim(), '', `systemd-analyze verify warned:\n${r.stderr}`);
  for (const unit of ['agents-node-exporter.service', 'agents-alloy.service']) {
    const sec = spawnSync(systemdAnalyze!, ['security', '--offline=yes', unit], { cwd: unitsDir, encoding: 'utf8' });
    const score = Number(/Overall exposure level for \S+: (\d+\.\d+)/.exec(sec.stdout)?.[1]);
    assert.ok(score <= 1.5, `${unit} exposure ${score} (want <= 1.5)`);
  }
});
