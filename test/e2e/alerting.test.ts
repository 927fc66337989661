import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { missingComponents } from './requirements.js';
import { nativeProject } from './native-project.js';

/**
 * Alerting end to end with the real binaries (Prometheus and Alertmanager from their release
 * archives, through the end-to-end mirror): a Prometheus rule fires, Prometheus sends it to
 * the stack's Alertmanager, and Alertmanager delivers it to a webhook receiver (a server in
 * this test). verify's own test alert arrives too, seen in Alertmanager's API, but is
 * silenced: the receiver never gets it. Ports 25xxx, off the defaults.
 */
const HOOK_PORT = 25999;
const CONFIG = `name: alerting-e2e
grafana: false
loki: false
tempo: false
prometheus: { port: 25090 }
alertmanager:
  port: 25093
  route: { groupWait: 1s }
  receivers: [{ name: default, webhook: [{ url: "http://127.0.0.1:${HOOK_PORT}/hook" }] }]
rules:
  - name: e2e
    interval: 1s
    rules:
      - alert: AlwaysFiring
        expr: vector(1)
        labels: { severity: warning }
`;

const skip = (await missingComponents([], ['prometheus', 'alertmanager'])) ?? false;
const { run } = await nativeProject(CONFIG);

const received: { alerts: { labels: Record<string, string> }[] }[] = [];
const hook = createServer((req, res) => {
  let body = '';
  req.on('data', (d: Buffer) => (body += d.toString()));
  req.on('end', () => {
    received.push(JSON.parse(body) as (typeof received)[number]);
    res.end();
  });
});
after(() => hook.close());

test('alerting: a rule fires through Prometheus and Alertmanager into a webhook; verify sees its own alert', { skip, timeout: 300_000 }, async (t) => {
  if (!skip) await new Promise<void>((res) => hook.listen(HOOK_PORT, '127.0.0.1', res));

  await t.test('up starts Alertmanager with the stack', () => {
    const r = run('up', '--detach');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /alertmanager\s+http:\/\/127\.0\.0\.1:25093\s+ready/);
  });

  await t.test('verify sends a test alert and sees it in Alertmanager, silenced', () => {
    const r = run('verify');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /✓ alert .*silenced, so no receiver is notified\), seen suppressed in its API/);
  });

  await t.test('the rule reaches the webhook receiver; the silenced verify alert does not', async () => {
    const deadline = Date.now() + 60_000;
    const names = () => received.flatMap((m) => m.alerts.map((a) => a.labels.alertname));
    while (!names().includes('AlwaysFiring') && Date.now() < deadline) await new Promise((res) => setTimeout(res, 500));
    assert.ok(names().includes('AlwaysFiring'), `the webhook got: ${JSON.stringify(received)}`);
    assert.ok(!names().includes('GrafanaStackVerify'), 'the silenced verify alert notified a receiver');
  });

  await t.test('amtool in the shell talks to this Alertmanager', () => {
    const r = run('shell', '--', 'amtool', 'alert', 'query', 'alertname=AlwaysFiring');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /AlwaysFiring/);
  });
});
