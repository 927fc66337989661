import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingComponents } from './requirements.js';
import { nativeProject } from './native-project.js';

/**
 * The native stack behind the proxy with real binaries (Caddy, Prometheus and Alertmanager
 * from their release archives, through the end-to-end mirror): each backend under its
 * prefix, OTLP metrics through /otlp/, `verify` with every endpoint pointed at the proxy,
 * and the proxy's own route check. Ports 23800-23899 (proxy-lgtm.test.ts uses 237xx).
 */
const PROXY = 23880;
const CONFIG = `name: e2e-proxy
grafana: false
loki: false
tempo: false
prometheus: { port: 23890 }
alertmanager: { port: 23893 }
proxy: { port: ${PROXY} }
`;

const skip = (await missingComponents([], ['prometheus', 'alertmanager', 'proxy'])) ?? false;
const { run } = await nativeProject(CONFIG);
const base = `http://127.0.0.1:${PROXY}`;

test('native stack behind the proxy (Caddy): one port for every backend and OTLP', { skip, timeout: 300_000 }, async (t) => {
  await t.test('up --detach starts the proxy last, once its backends are ready', () => {
    const r = run('up', '--detach');
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /stack "e2e-proxy" is up: 3 services ready/);
    assert.match(r.stdout, new RegExp(`proxy +http://127\\.0\\.0\\.1:${PROXY}`));
  });

  await t.test('each backend under its prefix, prefix stripped; what no route takes is a 404', async () => {
    const query = (await (await fetch(`${base}/prometheus/api/v1/query?query=up`)).json()) as { status: string };
    assert.equal(query.status, 'success');
    const status = await fetch(`${base}/alertmanager/api/v2/status`);
    assert.equal(status.status, 200);
    assert.equal(status.headers.get('via'), '1.1 Caddy');
    const bare = await fetch(`${base}/prometheus`, { redirect: 'manual' });
    assert.equal(bare.status, 308);
    assert.equal(bare.headers.get('location'), '/prometheus/');
    const none = await fetch(`${base}/nothing-here`);
    assert.equal(none.status, 404);
    assert.equal(await none.text(), 'no such route in this stack\n');
  });

  await t.test('OTLP/HTTP metrics through /otlp/v1/metrics land in Prometheus', async () => {
    const now = `${Date.now()}000000`;
    const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'proxy-e2e' } }] };
    const metrics = await fetch(`${base}/otlp/v1/metrics`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ resourceMetrics: [{ resource, scopeMetrics: [{ metrics: [{ name: 'proxy_e2e_probe', gauge: { dataPoints: [{ asDouble: 7, timeUnixNano: now }] } }] }] }] }),
    });
    assert.equal(metrics.status, 200, await metrics.text());
    const deadline = Date.now() + 30_000;
    let found = false;
    while (Date.now() < deadline && !found) {
      const m = (await (await fetch(`${base}/prometheus/api/v1/query?query=proxy_e2e_probe`)).json()) as { data: { result: unknown[] } };
      found = m.data.result.length > 0;
      if (!found) await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(found, 'the OTLP sample is not in Prometheus');
  });

  await t.test('verify passes with every endpoint pointed at the proxy, and checks each route', () => {
    const r = run('verify', '--url', `prometheus=${base}/prometheus`, '--url', `alertmanager=${base}/alertmanager`);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ proxy .*2 routes answer through http:\/\/127\.0\.0\.1:23880 \(\/prometheus\/-\/ready, \/alertmanager\/-\/ready\)/);
    assert.match(r.stdout, /all 3 checks passed/);
  });

  await t.test('down stops everything', () => {
    const r = run('down');
    assert.equal(r.code, 0, r.stderr);
    return fetch(`${base}/-/proxy-ready`).then(
      () => assert.fail('the proxy still answers after down'),
      () => undefined,
    );
  });
});
