import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { cli, tempProject, ROOT } from '../helpers.js';

/**
 * What real clusters enforce, checked on every rendered object: Pod Security "restricted"
 * (the admission rules, field by field) and kube-score's checks (UID/GID above 10000,
 * requests and limits, distinct readiness and liveness probes, a PodDisruptionBudget and a
 * NetworkPolicy for every workload), plus what we promise: no secret value in any file,
 * the stack label on every object for pruning.
 */
const fixture = join(ROOT, 'test/fixtures/shop.config.ts');
const ADMIN_PASSWORD = 'from-env-for-tests';
type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: any; data?: Record<string, string> };

function render(): { objects: Obj[]; text: string } {
  const dir = tempProject();
  const r = cli(['--config', fixture, 'render', 'kubernetes', '--out', 'out'], { cwd: dir, env: { GRAFANA_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  assert.equal(r.code, 0, r.stderr);
  const out = join(dir, 'out');
  const text = readdirSync(out).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(out, f), 'utf8')).join('---\n');
  const objects = parseAllDocuments(text).map((d) => d.toJS() as Obj);
  return { objects, text };
}

const ALLOWED_VOLUMES = ['configMap', 'secret', 'emptyDir', 'projected', 'downwardAPI', 'csi', 'persistentVolumeClaim', 'ephemeral'];
const workloads = (objects: Obj[]) => objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

test('every pod passes Pod Security "restricted"', () => {
  const { objects } = render();
  assert.ok(workloads(objects).length >= 4);
  for (const w of workloads(objects)) {
    const pod = w.spec.template.spec;
    const where = `${w.kind}/${w.metadata.name}`;
    for (const k of ['hostNetwork', 'hostPID', 'hostIPC']) assert.ok(!pod[k], `${where}: ${k}`);
    assert.equal(pod.securityContext.runAsNonRoot, true, where);
    assert.equal(pod.securityContext.seccompProfile.type, 'RuntimeDefault', where);
    for (const v of pod.volumes ?? []) {
      const type = Object.keys(v).find((k) => k !== 'name')!;
      assert.ok(ALLOWED_VOLUMES.includes(type), `${where}: volume ${v.name} is ${type}`);
    }
    for (const c of [...pod.containers, ...(pod.initContainers ?? [])]) {
      const sc = c.securityContext;
      assert.equal(sc.allowPrivilegeEscalation, false, `${where}/${c.name}`);
      assert.ok(sc.capabilities.drop.includes('ALL'), `${where}/${c.name}`);
      for (const add of sc.capabilities.add ?? []) assert.equal(add, 'NET_BIND_SERVICE', `${where}/${c.name}`);
      assert.notEqual(sc.runAsUser ?? pod.securityContext.runAsUser, 0, `${where}/${c.name}`);
      assert.ok(!sc.privileged, `${where}/${c.name}`);
      for (const p of c.ports ?? []) assert.ok(!p.hostPort, `${where}/${c.name}: hostPort`);
    }
  }
  const ns = objects.find((o) => o.kind === 'Namespace')!;
  assert.equal(ns.metadata.labels!['pod-security.kubernetes.io/enforce'], 'restricted');
});

test('every workload passes the kube-score checks', () => {
  const { objects } = render();
  const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget');
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  for (const w of workloads(objects)) {
    const where = `${w.kind}/${w.metadata.name}`;
    const pod = w.spec.template.spec;
    const labels = w.spec.template.metadata.labels;
    assert.ok(pod.securityContext.runAsUser > 10000 && pod.securityContext.runAsGroup > 10000, `${where}: UID/GID above 10000`);
    for (const c of pod.containers) {
      assert.equal(c.securityContext.readOnlyRootFilesystem, true, `${where}: read-only root`);
      for (const r of ['cpu', 'memory']) {
        assert.ok(c.resources.requests[r], `${where}: ${r} request`);
        assert.ok(c.resources.limits[r], `${where}: ${r} limit`);
      }
      assert.ok(c.readinessProbe && c.livenessProbe, `${where}: probes`);
      assert.notDeepEqual(c.readinessProbe, c.livenessProbe, `${where}: liveness must differ from readiness`);
      assert.doesNotMatch(c.image, /:latest$|^[^:]+$/, `${where}: pinned image tag`);
      assert.ok(c.imagePullPolicy, `${where}: imagePullPolicy`);
    }
    assert.ok(pdbs.some((p) => matches(p.spec.selector.matchLabels, labels)), `${where}: no PodDisruptionBudget`);
    assert.ok(policies.some((p) => Object.keys(p.spec.podSelector.matchLabels ?? {}).length && matches(p.spec.podSelector.matchLabels, labels)), `${where}: no NetworkPolicy`);
    assert.equal(pod.automountServiceAccountToken, false, `${where}: token mounted`);
    if (w.kind === 'StatefulSet') assert.ok(objects.some((o) => o.kind === 'Service' && o.metadata.name === w.spec.serviceName && o.spec.clusterIP === 'None'), `${where}: headless Service`);
  }
});

test('network policies: default deny, then the flows the configs make, and the published ports', () => {
  const { objects } = render();
  const policy = (name: string) => objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === name)!;
  assert.deepEqual(policy('default-deny').spec, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  const loki = policy('loki').spec;
  const fromGrafana = loki.ingress.find((r: any) => r.from?.[0].podSelector.matchLabels['app.kubernetes.io/name'] === 'grafana');
  assert.deepEqual(fromGrafana.ports, [{ port: 3100, protocol: 'TCP' }], 'Grafana queries Loki on its HTTP port');
  const grafanaEgress = policy('grafana').spec.egress.map((r: any) => r.to[0].podSelector?.matchLabels['app.kubernetes.io/name']).filter(Boolean).sort();
  assert.deepEqual(grafanaEgress, ['loki', 'prometheus', 'tempo']);
  const tempoEgress = policy('tempo').spec.egress.map((r: any) => r.to[0].podSelector?.matchLabels['app.kubernetes.io/name']).filter(Boolean);
  assert.ok(tempoEgress.includes('prometheus'), 'Tempo remote-writes to Prometheus');
  assert.ok(policy('grafana').spec.ingress.some((r: any) => !r.from && r.ports.some((p: any) => p.port === 3000)), 'Grafana is reachable (Ingress, port-forward)');
});

test('no secret value in any manifest; Secrets are referenced, every object carries the stack label', () => {
  const { objects, text } = render();
  assert.ok(!text.includes(ADMIN_PASSWORD));
  assert.ok(!objects.some((o) => o.kind === 'Secret'));
  const grafana = workloads(objects).find((w) => w.metadata.name === 'grafana')!;
  assert.equal(grafana.spec.template.spec.volumes.find((v: any) => v.name === 'secrets').secret.secretName, 'grafana-secrets');
  for (const o of objects) if (o.kind !== 'NetworkPolicy' || o.metadata.name !== 'default-deny') assert.equal(o.metadata.labels?.['app.kubernetes.io/part-of'], 'shop', `${o.kind}/${o.metadata.name}`);
  const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'grafana-config')!;
  assert.match(cm.data!['grafana.ini']!, /admin_password = \$__file\{\/run\/secrets\/grafana-admin-password\}/);
});
