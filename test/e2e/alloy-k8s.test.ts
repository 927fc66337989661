import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cli, tempProject } from '../helpers.js';
import { startKubeApiserver } from './kube-apiserver.js';

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

  await t.test('diff is clean after apply; delete removes the DaemonSet as well', () => {
    const same = gs('k8s', 'diff');
    assert.equal(same.code, 0, same.stderr + same.stdout);
    const del = gs('k8s', 'delete');
    assert.equal(del.code, 0, del.stderr);
    assert.equal(kubectl(['get', 'daemonsets', '-n', `${NS}-node`, '-o', 'name']).stdout.trim(), '');
  });
});
