import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempProject } from '../helpers.js';
import { startKubeApiserver } from './kube-apiserver.js';
import { toolBinary } from '../tools/binaries.js';

/**
 * `k8s apply|diff|delete` against a real API server (etcd + kube-apiserver, no kubelet:
 * objects are stored and admitted, pods never run) with the real kubectl: server-side
 * apply, Secrets from the project, diff, pruning by the stack label, the rollout wait's
 * timeout, delete keeping the namespace; and Pod Security "restricted" admission by the
 * API server itself on a pod of every workload. Then the rendered chart installed with
 * its default values by the real Helm (`--dry-run=server`, then for real, upgraded and
 * uninstalled): it creates its Secrets, and an upgrade keeps the generated ones.
 */
const server = await startKubeApiserver();
// Looked up before any test is declared: a top-level await between tests lets the file's `after` stop the server early.
const helm = await toolBinary('helm');
const skip = typeof server === 'string' ? server : false;
after(() => {
  if (typeof server !== 'string') server.stop();
});

const NS = 'e2e-k8s';
const config = (extra = '') => `name: ${NS}\nprometheus: { retention: 15d }\n${extra}`;
const dir = tempProject({ 'grafana-stack.config.yaml': config() });
const env = () => (typeof server === 'string' ? {} : { KUBECONFIG: server.kubeconfig, GRAFANA_STACK_KUBECTL: server.kubectl, NO_COLOR: '1' });
const gs = (...args: string[]) => cli(args, { cwd: dir, env: env() });
const kubectl = (...args: string[]) => spawnSync((server as { kubectl: string }).kubectl, ['--kubeconfig', (server as { kubeconfig: string }).kubeconfig, ...args], { encoding: 'utf8' });
const names = (kind: string) => kubectl('get', kind, '-n', NS, '-o', 'name').stdout.split('\n').filter(Boolean).sort();

test('k8s: apply, diff, prune, wait, delete against a real API server', { skip, timeout: 300_000 }, async (t) => {
  await t.test('apply creates every object and the Secrets, by server-side apply', () => {
    const r = gs('k8s', 'apply', '--no-wait');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /applied stack "e2e-k8s": \d+ objects/);
    assert.deepEqual(names('statefulsets'), ['statefulset.apps/grafana', 'statefulset.apps/loki', 'statefulset.apps/prometheus', 'statefulset.apps/tempo']);
    const secret = JSON.parse(kubectl('get', 'secret', 'grafana-secrets', '-n', NS, '-o', 'json').stdout);
    const local = readFileSync(join(dir, '.grafana-stack/secrets/grafana-admin-password'), 'utf8');
    assert.equal(Buffer.from(secret.data['admin-password'], 'base64').toString(), local, 'the project\'s generated password');
    assert.ok(!r.stdout.includes(local) && !r.stderr.includes(local), 'the value is never printed');
    const managers = JSON.parse(kubectl('get', 'statefulset', 'grafana', '-n', NS, '-o', 'json', '--show-managed-fields').stdout).metadata.managedFields;
    assert.ok(managers.some((m: { manager: string; operation: string }) => m.manager === 'grafana-stack' && m.operation === 'Apply'), 'server-side apply, one field manager');
  });

  await t.test('the API server admits a pod of every workload under Pod Security "restricted", and refuses a weakened one', () => {
    for (const name of names('statefulsets')) {
      const sts = JSON.parse(kubectl('get', name, '-n', NS, '-o', 'json').stdout);
      // The pod the StatefulSet controller would create: its claims become volumes.
      const spec = sts.spec.template.spec;
      for (const c of sts.spec.volumeClaimTemplates) spec.volumes.push({ name: c.metadata.name, persistentVolumeClaim: { claimName: `${c.metadata.name}-${sts.metadata.name}-0` } });
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `${sts.metadata.name}-admission`, namespace: NS }, spec };
      const ok = spawnSync((server as { kubectl: string }).kubectl, ['--kubeconfig', (server as { kubeconfig: string }).kubeconfig, 'create', '--dry-run=server', '-f', '-'], { input: JSON.stringify(pod), encoding: 'utf8' });
      assert.equal(ok.status, 0, `${name}: ${ok.stderr}`);
      pod.spec.containers[0].securityContext.allowPrivilegeEscalation = true;
      const weak = spawnSync((server as { kubectl: string }).kubectl, ['--kubeconfig', (server as { kubeconfig: string }).kubeconfig, 'create', '--dry-run=server', '-f', '-'], { input: JSON.stringify(pod), encoding: 'utf8' });
      assert.notEqual(weak.status, 0);
      assert.match(weak.stderr, /violates PodSecurity "restricted/);
    }
  });

  await t.test('diff: nothing after apply; a changed definition shows, exit 1', () => {
    const same = gs('k8s', 'diff');
    assert.equal(same.code, 0, same.stderr);
    writeFileSync(join(dir, 'grafana-stack.config.yaml'), config().replace('15d', '30d'));
    const changed = gs('k8s', 'diff');
    assert.equal(changed.code, 1, changed.stderr);
    assert.match(changed.stderr, /-\s+- --storage\.tsdb\.retention\.time=15d\n\+\s+- --storage\.tsdb\.retention\.time=30d/);
  });

  await t.test('a second apply keeps the cluster\'s generated secret, and prunes what the definition dropped', () => {
    const before = JSON.parse(kubectl('get', 'secret', 'grafana-secrets', '-n', NS, '-o', 'json').stdout).data['secret-key'];
    writeFileSync(join(dir, '.grafana-stack/secrets/grafana-secret-key'), 'another-machine-generated-this', { mode: 0o600 });
    writeFileSync(join(dir, 'grafana-stack.config.yaml'), config('tempo: false\n').replace('15d', '30d'));
    const r = gs('k8s', 'apply', '--no-wait');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(kubectl('get', 'secret', 'grafana-secrets', '-n', NS, '-o', 'json').stdout).data['secret-key'], before);
    assert.match(r.stderr, /pruned StatefulSet\/e2e-k8s\/tempo/);
    assert.ok(!names('statefulsets').includes('statefulset.apps/tempo'));
    assert.ok(!names('configmaps').includes('configmap/tempo-config'));
    assert.equal(gs('k8s', 'diff').code, 0, 'in sync again');
  });

  await t.test('the rollout wait fails clearly when pods never get ready (no kubelet here)', () => {
    const r = gs('k8s', 'apply', '--timeout', '3');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /statefulset\/\w+ did not become ready within 3 s/);
    assert.match(r.stderr, /--no-wait skips waiting/);
  });

  await t.test('delete removes the stack\'s objects and keeps the namespace', () => {
    const r = gs('k8s', 'delete');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /kept namespace e2e-k8s/);
    assert.deepEqual(names('statefulsets'), []);
    assert.deepEqual(names('secrets').filter((s) => s.includes('grafana')), []);
    assert.equal(kubectl('get', 'namespace', NS, '-o', 'name').stdout.trim(), `namespace/${NS}`);
  });
});

test('k8s: a missing context and an unreachable cluster are clear errors (exit 69)', { skip }, () => {
  const empty = join(dir, 'empty-kubeconfig');
  writeFileSync(empty, 'apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n');
  const none = cli(['k8s', 'apply'], { cwd: dir, env: { ...env(), KUBECONFIG: empty } });
  assert.equal(none.code, 69);
  assert.match(none.stderr, /kubectl has no current context/);
  const wrong = cli(['k8s', 'diff', '--context', 'prod'], { cwd: dir, env: env() });
  assert.equal(wrong.code, 69);
  assert.match(wrong.stderr, /no context "prod" \(contexts: test\)/);
  const gone = join(dir, 'gone-kubeconfig');
  writeFileSync(gone, readFileSync((server as { kubeconfig: string }).kubeconfig, 'utf8').replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://127.0.0.1:1'));
  const down = cli(['k8s', 'apply'], { cwd: dir, env: { ...env(), KUBECONFIG: gone } });
  assert.equal(down.code, 69);
  assert.match(down.stderr, /the cluster of context "test" does not answer/);
});

test('helm: the chart installs with default values (dry-run=server, then for real); an upgrade keeps the generated password; uninstall keeps the namespace', { skip: skip || (!helm && 'helm is not in the store (npm run fetch:tools -- helm)'), timeout: 300_000 }, () => {
  const ns = 'e2e-helm';
  const project = tempProject({ 'grafana-stack.config.yaml': `name: ${ns}\nalertmanager: {}\n` });
  const rendered = cli(['render', 'helm', '--out', 'chart'], { cwd: project, env: env() });
  assert.equal(rendered.code, 0, rendered.stderr);
  const home = tempProject();
  const h = (...args: string[]) =>
    spawnSync(helm!, [...args, '--kubeconfig', (server as { kubeconfig: string }).kubeconfig], {
      encoding: 'utf8',
      env: { ...process.env, HOME: home, HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data') },
    });
  const chart = join(project, 'chart');
  // Default values; --create-namespace because Helm keeps its release record in the release's namespace.
  const dry = h('install', ns, chart, '-n', ns, '--create-namespace', '--dry-run=server');
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /kind: Secret\n/);
  assert.match(dry.stdout, /kubectl -n e2e-helm get secret grafana-secrets -o jsonpath='\{\.data\.admin-password\}'/, 'NOTES say how to read the admin password');

  const install = h('install', ns, chart, '-n', ns, '--create-namespace');
  assert.equal(install.status, 0, install.stderr);
  const labels = JSON.parse(kubectl('get', 'namespace', ns, '-o', 'json').stdout).metadata.labels;
  assert.equal(labels['pod-security.kubernetes.io/enforce'], 'restricted', "the chart's Namespace, taken over from --create-namespace");
  const password = () => JSON.parse(kubectl('get', 'secret', 'grafana-secrets', '-n', ns, '-o', 'json').stdout).data['admin-password'] as string;
  const first = password();
  assert.match(Buffer.from(first, 'base64').toString(), /^[A-Za-z0-9]{24}$/);
  assert.deepEqual(
    kubectl('get', 'statefulsets', '-n', ns, '-o', 'name').stdout.split('\n').filter(Boolean).sort(),
    ['alertmanager', 'grafana', 'loki', 'prometheus', 'tempo'].map((n) => `statefulset.apps/${n}`),
  );
  const upgrade = h('upgrade', ns, chart, '-n', ns, '--set', 'loki.resources.limits.memory=2Gi');
  assert.equal(upgrade.status, 0, upgrade.stderr);
  // A StatefulSet's volume claims are fixed: the API server refuses another size, and says so.
  const resize = h('upgrade', ns, chart, '-n', ns, '--set', 'loki.storage.data=30Gi');
  assert.notEqual(resize.status, 0);
  assert.match(resize.stderr, /updates to statefulset spec for fields other than/);
  assert.equal(password(), first, 'lookup keeps the generated password across upgrades');
  // A value given at upgrade time wins.
  const given = h('upgrade', ns, chart, '-n', ns, '--set-string', 'grafana.secrets.values.admin-password=chosen-password');
  assert.equal(given.status, 0, given.stderr);
  assert.equal(Buffer.from(password(), 'base64').toString(), 'chosen-password');
  const uninstall = h('uninstall', ns, '-n', ns);
  assert.equal(uninstall.status, 0, uninstall.stderr);
  assert.equal(kubectl('get', 'secret', 'grafana-secrets', '-n', ns, '--ignore-not-found', '-o', 'name').stdout.trim(), '');
  assert.equal(JSON.parse(kubectl('get', 'namespace', ns, '-o', 'json').stdout).status.phase, 'Active', 'uninstall keeps the namespace and its volumes');
});
