import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveStack } from '../../src/resolve/resolve.js';
import { isStackError, type StackError } from '../../src/core/errors.js';

async function problemsOf(config: unknown): Promise<string[]> {
  try {
    await resolveStack(config);
  } catch (e) {
    assert.ok(isStackError(e), `expected a StackError, got ${String(e)}`);
    assert.equal((e as StackError).exitCode, 2);
    return (e as StackError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  assert.fail('expected the config to be rejected');
}

test('the default stack is Grafana, Prometheus, Loki and Tempo with distinct ports', async () => {
  const stack = await resolveStack({});
  assert.deepEqual(Object.keys(stack.components), ['grafana', 'prometheus', 'loki', 'tempo']);
  const all = Object.values(stack.components).flatMap((c) => Object.values(c.ports));
  assert.equal(new Set(all).size, all.length, `ports clash: ${all.join(',')}`);
  assert.equal(stack.components.loki!.ports.grpc, 9096);
  assert.equal(stack.components.tempo!.ports.grpc, 9095);
  assert.equal(stack.bindAddress, '127.0.0.1');
  assert.ok(Object.isFrozen(stack) && Object.isFrozen(stack.components.loki));
});

test('secrets default to generated, never to admin/admin', async () => {
  const stack = await resolveStack({});
  assert.deepEqual(stack.components.grafana!.secrets['admin-password'], { generate: { bytes: 18 } });
  const env = await resolveStack({ grafana: { adminPassword: { env: 'PW' } } });
  assert.deepEqual(env.components.grafana!.secrets['admin-password'], { env: 'PW' });
});

test('an inline secret is refused with a hint', async () => {
  const p = await problemsOf({ grafana: { adminPassword: 'hunter2' } });
  assert.match(p.join('\n'), /grafana\.adminPassword: secrets are not written inline: use \{ env: "NAME" \}/);
});

test('wrong types name the path, the expectation and the value', async () => {
  const p = await problemsOf({ loki: { retention: 7 }, prometheus: { retention: 'forever' } });
  assert.deepEqual(p, [
    'prometheus.retention: expected a duration such as "15d" or "30s", got "forever": a duration is whole numbers, each followed by a unit: y, w, d, h, m, s or ms',
    'loki.retention: expected a duration such as "15d" or "30s", got number 7',
  ]);
});

test('unknown keys are errors, at the top and inside a component', async () => {
  const p = await problemsOf({ lokki: {}, tempo: { retentoin: '1d' } });
  assert.ok(p.includes('(root): unknown key "lokki"') || p.some((x) => /unknown key "lokki"/.test(x)), p.join('\n'));
  assert.ok(p.some((x) => x === 'tempo: unknown key "retentoin"'), p.join('\n'));
});

test('a component is neither an object nor false', async () => {
  const p = await problemsOf({ tempo: 'yes' });
  assert.deepEqual(p, ['tempo: expected an object of options, or false to disable it, got "yes"']);
});

test('explicit ports that clash are reported with both owners', async () => {
  const p = await problemsOf({ grafana: { port: 3100 }, loki: { port: 3100 } });
  assert.deepEqual(p, ['loki.port: port 3100 is already used by grafana.port']);
});

test('a default port moves away from a port the user took', async () => {
  const stack = await resolveStack({ grafana: { port: 9095 } });
  assert.equal(stack.components.grafana!.ports.http, 9095);
  assert.equal(stack.components.tempo!.ports.grpc, 9097, 'Tempo gRPC moves past 9095 (user) and 9096 (Loki)');
});

test('disabling a component rewires the others', async () => {
  const stack = await resolveStack({ tempo: false });
  const prom = stack.datasources.find((d) => d.uid === 'prometheus')!;
  assert.equal(prom.jsonData.exemplarTraceIdDestinations, undefined);
  const loki = stack.datasources.find((d) => d.uid === 'loki')!;
  assert.equal(loki.jsonData.derivedFields, undefined);
  assert.deepEqual(stack.datasources.map((d) => d.uid), ['prometheus', 'loki']);
});

test('datasources are cross-linked the LGTM way', async () => {
  const stack = await resolveStack({});
  const tempo = stack.datasources.find((d) => d.uid === 'tempo')!.jsonData as Record<string, any>;
  assert.equal(tempo.tracesToLogsV2.datasourceUid, 'loki');
  assert.equal(tempo.tracesToMetrics.datasourceUid, 'prometheus');
  assert.deepEqual(tempo.serviceMap, { datasourceUid: 'prometheus' });
  assert.deepEqual(tempo.nodeGraph, { enabled: true });
  const loki = stack.datasources.find((d) => d.uid === 'loki')!.jsonData as Record<string, any>;
  assert.equal(loki.derivedFields[0].datasourceUid, 'tempo');
  const prom = stack.datasources.find((d) => d.uid === 'prometheus')!.jsonData as Record<string, any>;
  assert.equal(prom.exemplarTraceIdDestinations[0].datasourceUid, 'tempo');
});

test('users override generated datasources by uid and add their own', async () => {
  const stack = await resolveStack({
    datasources: [
      { uid: 'prometheus', jsonData: { timeInterval: '30s' } },
      { name: 'Other Prom', type: 'prometheus', url: 'http://10.0.0.1:9090', isDefault: true },
    ],
  });
  const prom = stack.datasources.find((d) => d.uid === 'prometheus')!;
  assert.equal(prom.jsonData.timeInterval, '30s');
  assert.equal(prom.jsonData.httpMethod, 'POST', 'deep-merged, not replaced');
  assert.equal(prom.isDefault, false);
  const other = stack.datasources.find((d) => d.name === 'Other Prom')!;
  assert.equal(other.isDefault, true);
  assert.equal(other.queryLanguage, 'promql');
  const p = await problemsOf({ datasources: [{ uid: 'nope' }] });
  assert.match(p[0]!, /datasources\[0\]: no generated datasource has uid "nope"; a new datasource needs name, type, url/);
});

test('a broken PromQL expression in a dashboard names dashboard, panel, query and position', async () => {
  const dashboard = {
    title: 'API',
    panels: [{ id: 3, type: 'timeseries', title: 'Errors', targets: [{ refId: 'A', expr: 'sum(rate(http_requests_total[5m])' }] }],
  };
  const p = await problemsOf({ dashboards: [dashboard] });
  assert.equal(p.length, 1);
  assert.match(p[0]!, /^dashboard "API" › panel "Errors" \(id 3\) › query A: PromQL syntax error at 1:\d+/);
});

test('a broken rule expression names the group and the rule', async () => {
  const p = await problemsOf({ rules: [{ name: 'g', rules: [{ alert: 'A', expr: 'up ==' }] }] });
  assert.match(p[0]!, /^rules\[0\] \(group "g"\) › rules\[0\] \(alert "A"\) › expr: PromQL syntax error at 1:6 at the end of the query/);
});

test('rules need prometheus, and group names are unique', async () => {
  const group = { name: 'g', rules: [{ record: 'x:y', expr: 'up' }] };
  assert.deepEqual(await problemsOf({ prometheus: false, rules: [group] }), ['rules: rules need a metrics backend: enable prometheus']);
  assert.deepEqual(await problemsOf({ rules: [group, group] }), ['rules[1].name: group "g" is already defined by rules[0]']);
});

test('every problem is reported at once', async () => {
  const p = await problemsOf({ name: 'Bad Name', loki: { retention: 1 }, tempo: { port: 0 } });
  assert.equal(p.length, 3, p.join('\n'));
});

test('TraceQL in a Tempo panel and LogQL in a datasource link are checked too', async () => {
  const dashboard = {
    title: 'Traces',
    panels: [
      {
        type: 'row',
        title: 'nested',
        panels: [{ id: 7, type: 'table', title: 'Slow', datasource: { type: 'tempo', uid: 'tempo' }, targets: [{ refId: 'T', queryType: 'traceql', query: '{ duration > 1s ' }] }],
      },
    ],
  };
  const p = await problemsOf({
    dashboards: [dashboard],
    datasources: [{ uid: 'tempo', jsonData: { tracesToLogsV2: { query: '{service_name="x" |= "a"' } } }],
  });
  assert.equal(p.length, 2, p.join('\n'));
  assert.match(p[0]!, /^datasource "Tempo" › jsonData\.tracesToLogsV2\.query: LogQL syntax error/);
  assert.match(p[1]!, /^dashboard "Traces" › panel "Slow" \(id 7\) › query T: TraceQL syntax error/);
});

test('a panel whose datasource is a template variable is not guessed at', async () => {
  const dashboard = { title: 'V', panels: [{ type: 'timeseries', title: 'P', datasource: { uid: '${ds}' }, targets: [{ expr: 'not ( promql' }] }] };
  const stack = await resolveStack({ dashboards: [dashboard] });
  assert.equal(stack.dashboards.find((d) => d.title === 'V')!.uid, 'v');
});

test('an IPv6 bind address is bracketed wherever a port follows it', async () => {
  const { renderStack } = await import('../../src/render/render.js');
  const { buildStack } = await import('../../src/plan/build.js');
  const stack = await resolveStack({ bindAddress: '::1' });
  const files = (await renderStack(buildStack(stack), 'native', { outDir: '/o', projectDir: '/p' }));
  const manifest = JSON.parse(files.find((f) => f.path === 'services.json')!.content);
  const prom = manifest.services.find((s: { name: string }) => s.name === 'prometheus');
  assert.ok(prom.args.includes('--web.listen-address=[::1]:9090'), prom.args.join(' '));
  assert.equal(prom.health.url, 'http://[::1]:9090/-/ready');
  const tempo = files.find((f) => f.path === 'tempo/tempo.yaml')!.content;
  assert.match(tempo, /endpoint: "?\[::1\]:4317"?/);
  assert.match(tempo, /http_listen_address: ::1/);
});
