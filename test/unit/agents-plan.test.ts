import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { resolveStack } from '../../src/resolve/resolve.js';
import { renderStack } from '../../src/render/render.js';
import { buildStack } from '../../src/plan/build.js';
import { clientEnvironment } from '../../src/shell/environment.js';
import { alloyConfig } from '../../src/components/alloy/config.js';
import type { ResolvedComponent, Stack } from '../../src/model/stack.js';
import type { AlloyOptions } from '../../src/components/alloy/index.js';

/** Alloy, node-exporter and kube-state-metrics as plans and as each target renders them. */
const render = async (config: Record<string, unknown>, target: 'native' | 'systemd' | 'compose' | 'kubernetes') => {
  const files = (await renderStack(buildStack(await resolveStack(config as never)), target, { outDir: '/out', projectDir: '/project' }));
  return new Map(files.map((f) => [f.path, f.content]));
};
const docs = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as { kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: any; rules?: any[] });

test('config.alloy has exactly the exporters whose backends are enabled', async () => {
  const all = (await render({ name: 's', alloy: {} }, 'native')).get('alloy/config.alloy')!;
  assert.match(all, /otelcol\.exporter\.otlp "tempo"[\s\S]*endpoint = "127\.0\.0\.1:4317"/);
  assert.match(all, /loki\.write "default"[\s\S]*url = "http:\/\/127\.0\.0\.1:3100\/loki\/api\/v1\/push"/);
  assert.match(all, /prometheus\.remote_write "default"[\s\S]*url = "http:\/\/127\.0\.0\.1:9090\/api\/v1\/write"/);
  // A signal without a backend still reaches the batch processor, which drops it: apps get no export errors.
  const noTempo = (await render({ name: 's', alloy: {}, tempo: false }, 'native')).get('alloy/config.alloy')!;
  assert.doesNotMatch(noTempo, /otelcol\.exporter\.otlp/);
  assert.match(noTempo, /traces  = \[otelcol\.processor\.batch\.default\.input\]/);
  assert.doesNotMatch(noTempo.slice(noTempo.indexOf('otelcol.processor.batch "default"')), /traces/);
  const nothing = (await render({ name: 's', alloy: {}, tempo: false, loki: false, prometheus: false }, 'native')).get('alloy/config.alloy')!;
  assert.doesNotMatch(nothing, /exporter/);
  assert.match(nothing, /otelcol\.processor\.batch "default" \{\n\toutput \{ \}\n\}/);
});

test('with Mimir in the stack, Alloy remote-writes to its push API instead of Prometheus', () => {
  const c = (name: string) => ({ name }) as unknown as ResolvedComponent;
  const stack = { name: 's', components: { prometheus: c('prometheus'), mimir: c('mimir') } } as unknown as Stack;
  const self = { ports: { 'otlp-grpc': 14317, 'otlp-http': 14318 }, options: { logLevel: 'info' } } as unknown as ResolvedComponent<AlloyOptions>;
  const text = JSON.stringify(alloyConfig(stack, self));
  assert.match(text, /"service":"mimir","port":"http","path":"\/api\/v1\/push"/);
  assert.doesNotMatch(text, /api\/v1\/write/);
});

test('Alloy runs without usage reporting, storage in its data dir, listening on the bind address; Prometheus scrapes it', async () => {
  const files = await render({ name: 's', alloy: { port: 22345 } }, 'native');
  const alloy = (JSON.parse(files.get('services.json')!) as { services: { name: string; args: string[]; health: { url: string } }[] }).services.find((s) => s.name === 'alloy')!;
  assert.deepEqual(alloy.args, ['run', '--disable-reporting', '--server.http.listen-addr=127.0.0.1:22345', '--storage.path=/project/.grafana-stack/data/alloy', '/out/alloy/config.alloy']);
  assert.equal(alloy.health.url, 'http://127.0.0.1:22345/-/ready');
  assert.match(files.get('prometheus/prometheus.yml')!, /job_name: alloy\n\s+static_configs:\n\s+- targets:\n\s+- 127\.0\.0\.1:22345/);
});

test('OTel SDK variables: one intake per signal, a collector first, never a signal-specific one bypassing it', async () => {
  const withAlloy = Object.fromEntries(clientEnvironment(await resolveStack({ name: 's', alloy: {} })));
  assert.equal(withAlloy.OTEL_EXPORTER_OTLP_ENDPOINT, 'http://127.0.0.1:14318');
  assert.equal(withAlloy.OTEL_EXPORTER_OTLP_PROTOCOL, 'http/protobuf');
  assert.equal(withAlloy.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, undefined, 'it would take precedence and skip Alloy');
  const without = Object.fromEntries(clientEnvironment(await resolveStack({ name: 's' })));
  assert.equal(without.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, 'http://127.0.0.1:4318/v1/traces');
  assert.equal(without.OTEL_EXPORTER_OTLP_ENDPOINT, undefined, 'metrics and logs would go to Tempo');
});

test('node-exporter reads the host directly natively and under systemd, with the sandbox opened only for that', async () => {
  const native = JSON.parse((await render({ name: 's', 'node-exporter': {} }, 'native')).get('services.json')!) as { services: { name: string; args: string[]; command: string }[] };
  const ne = native.services.find((s) => s.name === 'node-exporter')!;
  assert.match(ne.command, /\/node_exporter$/);
  assert.deepEqual(ne.args, ['--web.listen-address=127.0.0.1:9100', '--path.procfs=/proc', '--path.sysfs=/sys', '--path.rootfs=/']);
  const unit = (await render({ name: 's', 'node-exporter': {} }, 'systemd')).get('systemd/s-node-exporter.service')!;
  assert.match(unit, /^ProcSubset=all$/m);
  assert.match(unit, /^ProtectHome=read-only$/m);
  assert.match(unit, /^RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX AF_NETLINK$/m);
  assert.match(unit, /^DynamicUser=yes$/m);
  assert.match(unit, /^CapabilityBoundingSet=$/m);
  const loki = (await render({ name: 's', 'node-exporter': {} }, 'systemd')).get('systemd/s-loki.service')!;
  assert.match(loki, /^ProcSubset=pid$/m, 'the other units keep the full sandbox');
});

test('node-exporter in Compose: host paths bound read-only, no host PID or network namespace', async () => {
  const compose = (await render({ name: 's', 'node-exporter': {} }, 'compose')).get('compose.yaml')!;
  const svc = (parseAllDocuments(compose)[0]!.toJS() as { services: Record<string, any> }).services['node-exporter'];
  assert.deepEqual(svc.command, ['--web.listen-address=0.0.0.0:9100', '--path.procfs=/host/proc', '--path.sysfs=/host/sys', '--path.rootfs=/host/root']);
  const binds = svc.volumes.filter((v: any) => v.source.startsWith('/'));
  assert.deepEqual(binds, [
    { type: 'bind', source: '/proc', target: '/host/proc', read_only: true },
    { type: 'bind', source: '/sys', target: '/host/sys', read_only: true },
    { type: 'bind', source: '/', target: '/host/root', read_only: true },
  ]);
  assert.equal(svc.pid, undefined);
  assert.equal(svc.network_mode, undefined);
  assert.equal(svc.ports, undefined, 'host metrics are not published');
  assert.deepEqual(svc.cap_drop, ['ALL']);
});

test('node-exporter in Kubernetes: a DaemonSet in its own privileged namespace, the stack namespace stays restricted, Prometheus reaches it by policy', async () => {
  const files = await render({ name: 's', 'node-exporter': {} }, 'kubernetes');
  const objects = docs(files.get('node-exporter.yaml')!);
  const ns = objects.find((o) => o.kind === 'Namespace')!;
  assert.equal(ns.metadata.name, 's-node');
  assert.equal(ns.metadata.labels!['pod-security.kubernetes.io/enforce'], 'privileged');
  const stackNs = docs(files.get('namespace.yaml')!).find((o) => o.kind === 'Namespace')!;
  assert.equal(stackNs.metadata.labels!['pod-security.kubernetes.io/enforce'], 'restricted');
  const ds = objects.find((o) => o.kind === 'DaemonSet')!;
  assert.equal(ds.metadata.namespace, 's-node');
  assert.match((ds.metadata as any).annotations['grafana-stack.dev/why-separate-namespace'], /hostPath.*"restricted" and "baseline" forbid/);
  const pod = ds.spec.template.spec;
  for (const k of ['hostNetwork', 'hostPID', 'hostIPC']) assert.equal(pod[k], undefined, k);
  assert.equal(pod.containers[0].securityContext.runAsNonRoot, true);
  assert.ok(pod.containers[0].volumeMounts.filter((m: any) => m.name.startsWith('host-')).every((m: any) => m.readOnly === true));
  assert.ok(objects.every((o) => o.kind === 'Namespace' || o.metadata.namespace === 's-node'));
  assert.ok(!objects.some((o) => o.kind === 'PodDisruptionBudget'));
  // Prometheus scrapes it across namespaces: its target, its egress, and the ingress there.
  const prom = docs(files.get('prometheus.yaml')!);
  const cfg = prom.find((o) => o.kind === 'ConfigMap')!;
  assert.match(JSON.stringify(cfg), /node-exporter\.s-node\.svc:9100/);
  const egress = prom.find((o) => o.kind === 'NetworkPolicy')!.spec.egress as any[];
  assert.ok(egress.some((e) => e.to?.[0]?.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 's-node' && e.ports[0].port === 9100));
  const ingress = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'node-exporter')!.spec.ingress as any[];
  assert.deepEqual(ingress[0].from[0].namespaceSelector.matchLabels, { 'kubernetes.io/metadata.name': 's' });
  assert.equal(ingress[0].from[0].podSelector.matchLabels['app.kubernetes.io/name'], 'prometheus');
});

test('kube-state-metrics: Kubernetes only, namespaced Roles, never a ClusterRole; left out elsewhere and said so', async () => {
  const k8s = await render({ name: 's', 'kube-state-metrics': { namespaces: ['shop'] } }, 'kubernetes');
  const objects = docs(k8s.get('kube-state-metrics.yaml')!);
  assert.ok(!objects.some((o) => o.kind.startsWith('Cluster')));
  assert.deepEqual(objects.filter((o) => o.kind === 'Role').map((o) => o.metadata.namespace).sort(), ['s', 'shop']);
  const rules = objects.find((o) => o.kind === 'Role')!.rules!;
  assert.ok(rules.every((r) => r.verbs.join() === 'list,watch'));
  assert.ok(!rules.some((r) => r.resources.includes('secrets') || r.resources.includes('nodes')));
  const args = objects.find((o) => o.kind === 'Deployment')!.spec.template.spec.containers[0].args as string[];
  assert.ok(args.includes('--namespaces=s,shop'));
  assert.ok(args.includes('--port=9102') && args.includes('--telemetry-port=9103'));
  assert.match(args.find((a) => a.startsWith('--resources='))!, /^--resources=configmaps,cronjobs,daemonsets,deployments,/);
  assert.match(k8s.get('prometheus.yaml')!, /kube-state-metrics\.s\.svc:9102/);

  const native = await render({ name: 's', 'kube-state-metrics': {} }, 'native');
  const manifest = JSON.parse(native.get('services.json')!) as { services: { name: string; dependsOn: string[] }[]; omitted: { service: string; reason: string }[] };
  assert.ok(!manifest.services.some((s) => s.name === 'kube-state-metrics'));
  assert.ok(!manifest.services.some((s) => s.dependsOn.includes('kube-state-metrics')));
  assert.match(manifest.omitted[0]!.reason, /runs only in a Kubernetes cluster/);
  assert.doesNotMatch(native.get('prometheus/prometheus.yml')!, /kube-state-metrics/);
  assert.match((await render({ name: 's', 'kube-state-metrics': {} }, 'compose')).get('compose.yaml')!, /^# No service kube-state-metrics: .*Kubernetes cluster/m);
  const systemd = await render({ name: 's', 'kube-state-metrics': {} }, 'systemd');
  assert.ok(![...systemd.keys()].some((k) => k.includes('kube-state-metrics')));
  assert.match(systemd.get('systemd/s.target')!, /No unit for kube-state-metrics/);
});
