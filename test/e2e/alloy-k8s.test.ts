import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cli, tempProject } from '../helpers.js';
import { startKubeApiserver } from './kube-apiserver.js';
import { componentBinary } from '../tools/binaries.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * node-exporter's DaemonSet, kube-state-metrics and Alloy applied to a real API server
 * (etcd + kube-apiserver, no kubelet: admission runs, pods never do), on ports in this
 * test's own range: the API server admits node-exporter's pod in its "privileged"
 * namespace and refuses the same pod in the stack's "restricted" one; the other pods pass
 * "restricted"; delete removes the DaemonSet too.
 */
const server = await startKubeApiserver({ etcd: 22379, peer: 22380, api: 22443 });
const skip = typeof server === 'string' ? server : false;
after(() => {
  if (typeof server !== 'string') server.stop();
});

const NS = 'e2e-agents';
const dir = tempProject({ 'grafana-stack.config.yaml': `name: ${NS}\nalloy: {}\nnode-exporter: {}\nkube-state-metrics: {}\n` });
const env = () => (typeof server === 'string' ? {} : { KUBECONFIG: server.kubeconfig, GRAFANA_STACK_KUBECTL: server.kubectl, NO_COLOR: '1' });
const gs = (...args: string[]) => cli(args, { cwd: dir, env: env() });
const kubectl = (args: string[], input?: string) =>
  spawnSync((server as { kubectl: string }).kubectl, ['--kubeconfig', (server as { kubeconfig: string }).kubeconfig, ...args], { encoding: 'utf8', ...(input ? { input } : {}) });
const podOf = (workload: { spec: { template: { spec: Record<string, unknown> } } }, name: string, namespace: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace },
  spec: workload.spec.template.spec,
});

test('k8s: node-exporter DaemonSet in its own namespace, admitted by a real API server', { skip, timeout: 300_000 }, async (t) => {
  await t.test('apply creates the DaemonSet in <ns>-node and kube-state-metrics with a Role', () => {
    const r = gs('k8s', 'apply', '--no-wait');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(kubectl(['get', 'daemonset', 'node-exporter', '-n', `${NS}-node`, '-o', 'name']).stdout.trim(), 'daemonset.apps/node-exporter');
    const labels = JSON.parse(kubectl(['get', 'namespace', `${NS}-node`, '-o', 'json']).stdout).metadata.labels;
    assert.equal(labels['pod-security.kubernetes.io/enforce'], 'privileged');
    assert.equal(JSON.parse(kubectl(['get', 'namespace', NS, '-o', 'json']).stdout).metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
    assert.equal(kubectl(['get', 'role', `${NS}-kube-state-metrics`, '-n', NS, '-o', 'name']).status, 0);
    assert.equal(kubectl(['get', 'clusterroles', '-l', `app.kubernetes.io/part-of=${NS}`, '-o', 'name']).stdout.trim(), '');
  });

  await t.test("node-exporter's pod is admitted in its namespace and refused by the stack's restricted one", () => {
    const ds = JSON.parse(kubectl(['get', 'daemonset', 'node-exporter', '-n', `${NS}-node`, '-o', 'json']).stdout);
    const ok = kubectl(['create', '--dry-run=server', '-f', '-'], JSON.stringify(podOf(ds, 'node-exporter-admission', `${NS}-node`)));
    assert.equal(ok.status, 0, ok.stderr);
    const refused = kubectl(['create', '--dry-run=server', '-f', '-'], JSON.stringify(podOf(ds, 'node-exporter-admission', NS)));
    assert.notEqual(refused.status, 0);
    // hostPath is the one and only violation: the pod is otherwise as restricted as the rest.
    assert.match(refused.stderr, /violates PodSecurity "restricted:latest": restricted volume types \(volumes "host-proc", "host-sys", "host-root" use restricted volume type "hostPath"\)\n$/);
  });

  await t.test('kube-state-metrics and Alloy pods pass "restricted" in the stack namespace', () => {
    for (const [kind, name] of [['deployment', 'kube-state-metrics'], ['statefulset', 'alloy']] as const) {
      const w = JSON.parse(kubectl(['get', kind, name, '-n', NS, '-o', 'json']).stdout);
      for (const c of w.spec.volumeClaimTemplates ?? []) w.spec.template.spec.volumes.push({ name: c.metadata.name, persistentVolumeClaim: { claimName: `${c.metadata.name}-${name}-0` } });
      const ok = kubectl(['create', '--dry-run=server', '-f', '-'], JSON.stringify(podOf(w, `${name}-admission`, NS)));
      assert.equal(ok.status, 0, `${name}: ${ok.stderr}`);
    }
  });

  const ksm = await componentBinary('kube-state-metrics', DEFAULT_VERSIONS['kube-state-metrics']);
  await t.test(
    'kube-state-metrics with its rendered flags, as its ServiceAccount (Role only), is ready and reports the namespace',
    { skip: !ksm && `kube-state-metrics ${DEFAULT_VERSIONS['kube-state-metrics']} not in the store (grafana-stack fetch --from source kube-state-metrics, ~1.5 min)` },
    async () => {
      const srv = server as { kubeconfig: string };
      // The admin kubeconfig, impersonating the ServiceAccount: only its Role's permissions count.
      const kubeconfig = join(dir, 'ksm.kubeconfig');
      writeFileSync(kubeconfig, readFileSync(srv.kubeconfig, 'utf8').replace(/(token: \S+)/, `$1\n    as: system:serviceaccount:${NS}:kube-state-metrics`), { mode: 0o600 });
      const deployment = JSON.parse(kubectl(['get', 'deployment', 'kube-state-metrics', '-n', NS, '-o', 'json']).stdout);
      const args = (deployment.spec.template.spec.containers[0].args as string[])
        .filter((a) => !/^--(host|port|telemetry-host|telemetry-port)=/.test(a))
        .concat(['--host=127.0.0.1', '--port=22902', '--telemetry-host=127.0.0.1', '--telemetry-port=22903', `--kubeconfig=${kubeconfig}`]);
      assert.ok(args.includes(`--namespaces=${NS}`), args.join(' '));
      // Least privilege as the API server sees it: its own namespace's workloads, no Secrets, nothing cluster-wide.
      const can = (...a: string[]) => kubectl(['auth', 'can-i', `--as=system:serviceaccount:${NS}:kube-state-metrics`, ...a]).stdout.trim();
      assert.equal(can('watch', 'deployments.apps', '-n', NS), 'yes');
      assert.equal(can('list', 'secrets', '-n', NS), 'no');
      assert.equal(can('list', 'pods', '-n', 'default'), 'no');
      assert.equal(can('list', 'nodes'), 'no');
      const child = spawn(ksm!, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let log = '';
      child.stderr.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-6000)));
      try {
        let ready = 0;
        const deadline = Date.now() + 60_000;
        while (Date.now() < deadline && child.exitCode === null && ready !== 200) {
          ready = await fetch('http://127.0.0.1:22903/readyz').then((r) => r.status, () => 0);
          if (ready !== 200) await new Promise((r) => setTimeout(r, 250));
        }
        assert.equal(ready, 200, `not ready:\n${log}`);
        let metrics = '';
        for (let i = 0; i < 40 && !metrics.includes('kube_deployment_created{namespace="e2e-agents",deployment="kube-state-metrics"}'); i++) {
          metrics = await fetch('http://127.0.0.1:22902/metrics').then((r) => r.text());
          await new Promise((r) => setTimeout(r, 250));
        }
        assert.match(metrics, /kube_deployment_created\{namespace="e2e-agents",deployment="kube-state-metrics"\}/);
        assert.match(metrics, /kube_statefulset_created\{namespace="e2e-agents",statefulset="alloy"\}/);
        assert.match(metrics, /kube_configmap_info\{namespace="e2e-agents",configmap="prometheus-config"\}/);
        assert.doesNotMatch(log, /forbidden/i, 'the Role grants everything it lists and watches');
      } finally {
        child.kill('SIGKILL');
      }
    },
  );

  await t.test('diff is clean after apply; delete removes the DaemonSet as well', () => {
    const same = gs('k8s', 'diff');
    assert.equal(same.code, 0, same.stderr + same.stdout);
    const del = gs('k8s', 'delete');
    assert.equal(del.code, 0, del.stderr);
    assert.equal(kubectl(['get', 'daemonsets', '-n', `${NS}-node`, '-o', 'name']).stdout.trim(), '');
  });
});
