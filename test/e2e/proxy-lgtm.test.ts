import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingComponents } from './requirements.js';
import { nativeProject } from './native-project.js';

/**
 * The native stack behind the proxy, with the real binaries from the store: up, then
 * everything through the proxy's one port (Grafana's login page and API, each backend
 * under its prefix, OTLP), `verify` with every endpoint pointed at the proxy, down.
 * Every port is in 23700-23799 (native.test.ts uses 23000/23100/23200).
 */
const PROXY = 23780;
const CONFIG = `name: e2e-proxy
grafana: { port: 23700 }
prometheus: { port: 23790 }
loki: { port: 23710, ports: { grpc: 23796, memberlist: 23747 } }
tempo: { port: 23720, ports: { grpc: 23795, otlp-grpc: 23717, otlp-http: 23718, memberlist: 23746 } }
proxy: { port: ${PROXY} }
`;

const skip = (await missingComponents(['proxy'])) ?? false;

const { dir, run } = await nativeProject(CONFIG);

const base = `http://127.0.0.1:${PROXY}`;

test('native stack behind the proxy: one port for Grafana, the backends and OTLP', { skip, timeout: 300_000 }, async (t) => {
  await t.test('up --detach starts the proxy last, once its backends are ready', () => {
    const r = run('up', '--detach');
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /stack "e2e-proxy" is up: 5 services ready/);
    assert.match(r.stdout, new RegExp(`proxy +http://127\\.0\\.0\\.1:${PROXY}`));
  });

  await t.test("Grafana at /: the login page, a login redirect, /api/health and a session through the proxy", async () => {
    // The same page, byte for byte, as on Grafana's own port.
    const [login, direct] = await Promise.all([fetch(`${base}/login`), fetch('http://127.0.0.1:23700/login')]);
    assert.equal(login.status, 200);
    assert.equal(login.headers.get('content-type'), 'text/html; charset=UTF-8');
    assert.equal(await login.text(), await direct.text());
    assert.equal(login.headers.get('via'), '1.1 Caddy');
    const home = await fetch(`${base}/`, { redirect: 'manual' });
    assert.equal(home.status, 302);
    assert.match(home.headers.get('location') ?? '', /^(\/login|http:\/\/127\.0\.0\.1:23780\/login)$/, 'redirects stay on the proxy');
    const health = (await (await fetch(`${base}/api/health`)).json()) as { database: string };
    assert.equal(health.database, 'ok');
    const password = readFileSync(join(dir, '.grafana-stack/secrets/grafana-admin-password'), 'utf8').trim();
    const session = await fetch(`${base}/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: 'admin', password }) });
    assert.equal(session.status, 200, await session.text());
    const cookie = session.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const user = (await (await fetch(`${base}/api/user`, { headers: { cookie } })).json()) as { login: string };
    assert.equal(user.login, 'admin');
    const settings = (await (await fetch(`${base}/api/frontend/settings`, { headers: { cookie } })).json()) as { appUrl: string; appSubUrl: string };
    assert.equal(settings.appUrl, `http://localhost:${PROXY}/`, "Grafana's root_url is the proxy's");
    assert.equal(settings.appSubUrl, '');
  });

  await t.test('each backend under its prefix, prefix stripped', async () => {
    const query = (await (await fetch(`${base}/prometheus/api/v1/query?query=up`)).json()) as { status: string };
    assert.equal(query.status, 'success');
    assert.equal((await fetch(`${base}/loki/ready`)).status, 200);
    assert.equal((await fetch(`${base}/tempo/ready`)).status, 200);
    assert.equal((await fetch(`${base}/proxy-does-not-route-this/`, { redirect: 'manual' })).status, 302, "the rest is Grafana's (to its login)");
  });

  await t.test('OTLP/HTTP metrics and logs through /otlp/v1/<signal> land in Prometheus and Loki', async () => {
    const now = `${Date.now()}000000`;
    const resource = { attributes: [{ key: 'service.name', value: { stringValue: 'proxy-e2e' } }] };
    const metrics = await fetch(`${base}/otlp/v1/metrics`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ resourceMetrics: [{ resource, scopeMetrics: [{ metrics: [{ name: 'proxy_e2e_probe', gauge: { dataPoints: [{ asDouble: 7, timeUnixNano: now }] } }] }] }] }),
    });
    assert.equal(metrics.status, 200, await metrics.text());
    const logs = await fetch(`${base}/otlp/v1/logs`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ resourceLogs: [{ resource, scopeLogs: [{ logRecords: [{ timeUnixNano: now, body: { stringValue: 'through the proxy' } }] }] }] }),
    });
    assert.ok(logs.status === 200 || logs.status === 204, `${logs.status} ${await logs.text()}`);
    const deadline = Date.now() + 30_000;
    let found = { metric: false, log: false };
    while (Date.now() < deadline && !(found.metric && found.log)) {
      const m = (await (await fetch(`${base}/prometheus/api/v1/query?query=proxy_e2e_probe`)).json()) as { data: { result: unknown[] } };
      const l = (await (await fetch(`${base}/loki/loki/api/v1/query_range?query=${encodeURIComponent('{service_name="proxy-e2e"}')}&since=5m`)).json()) as { data: { result: unknown[] } };
      found = { metric: m.data.result.length > 0, log: l.data.result.length > 0 };
      if (!(found.metric && found.log)) await new Promise((r) => setTimeout(r, 500));
    }
    assert.deepEqual(found, { metric: true, log: true });
  });

  await t.test('verify passes with every endpoint pointed at the proxy', () => {
    const r = run('verify', '--url', `grafana=${base}`, '--url', `prometheus=${base}/prometheus`, '--url', `loki=${base}/loki`, '--url', `tempo=${base}/otlp`);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`through Grafana at ${base}`));
    assert.match(r.stdout, /all 6 checks passed/);
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
