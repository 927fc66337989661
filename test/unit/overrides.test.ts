import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyOverrides, envOverrides, parseSet } from '../../src/config/overrides.js';
import { portVariable } from '../../src/core/port-variable.js';

test('--set values are typed by the schema at their path', () => {
  assert.deepEqual(parseSet('grafana.port=3001'), { path: ['grafana', 'port'], value: 3001, origin: '--set grafana.port=3001' });
  assert.equal(parseSet('tempo=false').value, false, 'a component toggle');
  assert.equal(parseSet('loki.retention=7d').value, '7d');
  assert.equal(parseSet('name=123').value, '123', 'a string stays a string');
  assert.deepEqual(parseSet('prometheus.scrape[0].targets=["a:1"]').path, ['prometheus', 'scrape', 0, 'targets']);
  assert.deepEqual(parseSet('prometheus.scrape[0].targets=["a:1"]').value, ['a:1']);
  assert.deepEqual(parseSet('grafana.adminPassword={"env":"PW"}').value, { env: 'PW' });
  assert.equal(parseSet('kubernetes.storage.loki=50Gi').value, '50Gi', 'a map entry');
});

test('--set refuses what is not a setting, naming it', () => {
  assert.throws(() => parseSet('grafana.prot=1'), /no setting "grafana.prot"/);
  assert.throws(() => parseSet('grafana.port'), /expected path=value/);
  assert.throws(() => parseSet('grafana..port=1'), /is not a path/);
});

test('GRAFANA_STACK_* variables name settings by words; the tool\'s own variables are not overrides', () => {
  const o = envOverrides({
    GRAFANA_STACK_GRAFANA_PORT: '4000',
    GRAFANA_STACK_PROMETHEUS_SCRAPE_INTERVAL: '30s',
    GRAFANA_STACK_BIND_ADDRESS: '0.0.0.0',
    GRAFANA_STACK_DOCKER: '/usr/bin/docker',
    GRAFANA_STACK_STORE: '/tmp/store',
    GRAFANA_STACK_BIN_LOKI: '/x',
    HOME: '/root',
  });
  assert.deepEqual(o.map((x) => [x.path.join('.'), x.value]), [
    ['bindAddress', '0.0.0.0'],
    ['grafana.port', 4000],
    ['prometheus.scrapeInterval', '30s'],
  ]);
});

test('overrides apply in order onto a copy; an index past a list is refused', () => {
  const file = { grafana: { port: 3000 }, prometheus: { scrape: [{ job: 'a', targets: ['a:1'] }] } };
  const out = applyOverrides(file, [parseSet('grafana.port=3001'), parseSet('grafana.port=3002'), parseSet('prometheus.scrape[0].job=b')]) as typeof file;
  assert.equal(out.grafana.port, 3002, 'the later wins');
  assert.equal(out.prometheus.scrape[0]!.job, 'b');
  assert.equal(file.grafana.port, 3000, 'the definition itself is not changed');
  assert.throws(() => applyOverrides(file, [parseSet('prometheus.scrape[3].job=x')]), /prometheus\.scrape\[3\]\.job: --set .*past the end/);
});

test('portVariable names the variable envOverrides reads for that port (the Compose file interpolates it)', () => {
  for (const [component, port, path] of [
    ['grafana', 'http', ['grafana', 'port']],
    ['tempo', 'otlp-http', ['tempo', 'ports', 'otlp-http']],
    ['loki', 'grpc', ['loki', 'ports', 'grpc']],
    ['mimir', 'memberlist', ['mimir', 'ports', 'memberlist']],
  ] as const) {
    const name = portVariable(component, port);
    const [o] = envOverrides({ [name]: '5318' });
    assert.deepEqual(o?.path, path, name);
    assert.equal(o?.value, 5318);
  }
});
