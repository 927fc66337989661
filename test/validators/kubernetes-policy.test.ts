import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, manifestPaths, readManifests, renderFixture, tempProject, ROOT } from '../helpers.js';

/**
 * What real clusters enforce, checked on every rendered object: Pod Security "restricted"
 * (the admission rules, field by field) and kube-score's checks (UID/GID above 10000,
 * requests and limits, distinct readiness and liveness probes, a PodDisruptionBudget and a
 * NetworkPolicy for every workload), plus what we promise: no secret value in any file,
 * the stack label on every object for pruning.
 */
const fixture = join(ROOT, 'test/fixtures/shop.config.ts');
const cluster = join(ROOT, 'test/fixtures/cluster.config.yaml');
const built = join(ROOT, 'test/fixtures/built.config.yaml');
const ADMIN_PASSWORD = 'from-env-for-tests';
type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: any; data?: Record<string, string>; rules?: any[]; subjects?: any; roleRef?: any };

function render(config = fixture): { objects: Obj[]; text: string } {
  const out = renderFixture(config, 'kubernetes', { env: { GRAFANA_ADMIN_PASSWORD: ADMIN_PASSWORD, SLACK_WEBHOOK_URL: 'x' } });
  return { objects: readManifests<Obj>(out), text: manifestPaths(out).map((f) => readFileSync(f, 'utf8')).join('---\n') };
}

const ALLOWED_VOLUMES = ['configMap', 'secret', 'emptyDir', 'projected', 'downwardAPI', 'csi', 'persistentVolumeClaim', 'ephemeral'];
const workloads = (objects: Obj[]) => objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
const matches = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);

for (const [name, config] of [['shop', fixture], ['cluster', cluster], ['built', built]] as const) {
test(`every pod passes Pod Security "restricted" (${name})`, () => {
  const { objects } = render(config);
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

test(`every workload passes the kube-score checks (${name})`, () => {
  const { objects } = render(config);
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
    const readsApi = objects.some((o) => o.kind === 'RoleBinding' && o.subjects.some((s: any) => s.name === pod.serviceAccountName));
    assert.equal(pod.automountServiceAccountToken, readsApi, `${where}: a token exactly when it reads the API`);
    if (w.kind === 'StatefulSet') assert.ok(objects.some((o) => o.kind === 'Service' && o.metadata.name === w.spec.serviceName && o.spec.clusterIP === 'None'), `${where}: headless Service`);
  }
});
}

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
  for (const o of objects) assert.equal(o.metadata.labels?.['app.kubernetes.io/part-of'], 'shop', `${o.kind}/${o.metadata.name}`);
  const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'grafana-config')!;
  assert.match(cm.data!['grafana.ini']!, /admin_password = \$__file\{\/run\/secrets\/grafana-admin-password\}/);
});

test('Prometheus discovery: read-only Roles in exactly the namespaces it scrapes, a token, egress to the API', () => {
  const { objects } = render(cluster);
  assert.ok(!objects.some((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding'), 'nothing cluster-wide');
  const roles = objects.filter((o) => o.kind === 'Role');
  assert.deepEqual(roles.map((r) => r.metadata.namespace).sort(), ['obs-system', 'shop']);
  for (const role of roles) {
    for (const rule of role.rules!) assert.deepEqual(rule.verbs, ['get', 'list', 'watch'], `${role.metadata.namespace}: read-only`);
    assert.ok(!role.rules!.some((r) => r.resources.includes('secrets')), 'never Secrets');
    const binding = objects.find((o) => o.kind === 'RoleBinding' && o.metadata.namespace === role.metadata.namespace)!;
    assert.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'prometheus', namespace: 'obs-system' }]);
    assert.equal(binding.roleRef.name, role.metadata.name);
  }
  const egress = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'prometheus')!.spec.egress;
  assert.ok(egress.some((r: any) => !r.to && r.ports.some((p: any) => p.port === 443)), 'reaches the API server');
  const scrapes = egress.find((r: any) => r.to?.some((t: any) => t.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'shop'));
  assert.ok(scrapes?.to.some((t: any) => !t.namespaceSelector && Object.keys(t.podSelector).length === 0), 'scrapes pods of its own namespace and of shop');
  const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'prometheus-config')!;
  assert.match(cm.data!['prometheus.yml']!, /own_namespace: true/);
  assert.match(cm.data!['prometheus.yml']!, /names:\n\s+- shop\n\s+- obs-system/);
  // Without discovery no Role and no token: the shop stack.
  assert.ok(!render().objects.some((o) => o.kind === 'Role'));
});

test('Kubernetes parameters: namespace, storage class and sizes, node selector, tolerations, Ingress with TLS', () => {
  const { objects } = render(cluster);
  for (const o of objects) if (o.kind !== 'Namespace' && o.kind !== 'Role' && o.kind !== 'RoleBinding') assert.equal(o.metadata.namespace, 'obs-system', `${o.kind}/${o.metadata.name}`);
  const sts = (name: string) => objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === name)!;
  assert.equal(sts('prometheus').spec.volumeClaimTemplates[0].spec.resources.requests.storage, '100Gi');
  assert.equal(sts('loki').spec.volumeClaimTemplates[0].spec.resources.requests.storage, '50Gi');
  assert.equal(sts('tempo').spec.volumeClaimTemplates[0].spec.resources.requests.storage, '20Gi', 'the plan default where none is given');
  for (const w of workloads(objects)) {
    const pod = w.spec.template.spec;
    // A mirror of the official images keeps their paths (grafana/grafana, prom/prometheus).
    assert.match(pod.containers[0].image, new RegExp(`^registry\\.example\\.com/observability/(grafana|prom)/${w.metadata.name}:v?[^:/]+$`), 'kubernetes.registry');
    assert.equal(pod.containers[0].imagePullPolicy, 'Always', 'kubernetes.imagePullPolicy');
    assert.deepEqual(pod.nodeSelector, { 'kubernetes.io/os': 'linux', 'node-role/observability': 'true' });
    assert.deepEqual(pod.tolerations, [{ key: 'dedicated', operator: 'Equal', value: 'observability', effect: 'NoSchedule' }]);
    for (const v of w.spec.volumeClaimTemplates ?? []) assert.equal(v.spec.storageClassName, 'fast-ssd');
  }
  const ingress = objects.find((o) => o.kind === 'Ingress')!;
  assert.equal(ingress.metadata.name, 'grafana');
  assert.deepEqual(ingress.spec.tls, [{ hosts: ['grafana.example.com'], secretName: 'grafana-tls' }]);
  assert.equal(ingress.spec.ingressClassName, 'nginx');
  assert.equal(ingress.metadata.annotations!['nginx.ingress.kubernetes.io/proxy-body-size'], '16m');
  const backend = ingress.spec.rules[0].http.paths[0].backend.service;
  const svc = objects.find((o) => o.kind === 'Service' && o.metadata.name === backend.name)!;
  assert.ok(svc.spec.ports.some((p: any) => p.name === backend.port.name), 'the Ingress names a port of the Service');
  const grafanaPolicy = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'grafana')!.spec;
  assert.ok(grafanaPolicy.ingress.some((r: any) => !r.from && r.ports.some((p: any) => p.port === 3000)), 'the controller can reach Grafana');
});

test('bad Kubernetes parameters are refused with the offending path, nothing written', () => {
  const dir = tempProject();
  writeFileSync(join(dir, 'grafana-stack.config.yaml'), 'kubernetes:\n  storage: { mimir: 10Gi }\n  ingress: { host: "Not A Host" }\n');
  const r = cli(['render', 'kubernetes', '--out', 'out'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /kubernetes\.ingress\.host/);
  assert.ok(!existsSync(join(dir, 'out')));
  writeFileSync(join(dir, 'grafana-stack.config.yaml'), 'kubernetes:\n  storage: { mimir: 10Gi }\n  ingress: { host: grafana.example.com, service: loki, port: nope }\n');
  const r2 = cli(['render', 'kubernetes', '--out', 'out'], { cwd: dir });
  assert.equal(r2.code, 2);
  assert.match(r2.stderr, /kubernetes\.storage\.mimir: "mimir" is not an enabled component/);
  assert.match(r2.stderr, /kubernetes\.ingress\.port: loki has no port "nope"/);
  writeFileSync(join(dir, 'grafana-stack.config.yaml'), 'kubernetes:\n  ingress: { host: grafana.example.com, service: loki, port: grpc }\n');
  const internal = cli(['render', 'kubernetes', '--out', 'out'], { cwd: dir });
  assert.notEqual(internal.code, 0);
  assert.match(internal.stderr, /kubernetes\.ingress\.port: loki's port "grpc" is internal/);
  writeFileSync(join(dir, 'grafana-stack.config.yaml'), 'prometheus:\n  scrape: [{ job: x, targets: ["a:1"], kubernetes: {} }]\n');
  const r3 = cli(['render', 'kubernetes', '--out', 'out'], { cwd: dir });
  assert.equal(r3.code, 2);
  assert.match(r3.stderr, /prometheus\.scrape\[0\].*exactly one/);
});

test('render --namespace puts every object, the configs\' addresses and the Roles in that namespace', () => {
  const out = renderFixture(cluster, 'kubernetes', { extra: ['--namespace', 'elsewhere'] });
  const objects = readManifests<Obj>(out);
  assert.equal(objects.find((o) => o.kind === 'Namespace')!.metadata.name, 'elsewhere');
  for (const o of objects) if (!['Namespace', 'Role', 'RoleBinding'].includes(o.kind)) assert.equal(o.metadata.namespace, 'elsewhere', `${o.kind}/${o.metadata.name}`);
  const grafana = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'grafana-config')!;
  assert.match(Object.values(grafana.data!).join(''), /http:\/\/prometheus\.elsewhere\.svc:9090/);
  // The fixture's jobs read their own namespace and, by name, shop and obs-system.
  assert.deepEqual(objects.filter((o) => o.kind === 'Role').map((r) => r.metadata.namespace).sort(), ['elsewhere', 'obs-system', 'shop'], "'own' follows the namespace");
});
