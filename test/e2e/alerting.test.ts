import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

type Message = { alerts: { labels: Record<string, string> }[] };
/**
 * The webhook receiver runs in a process of its own, writing each message it gets as a JSON
 * line: this test's own event loop is blocked while `up` and `verify` run (the CLI is run
 * synchronously), and a receiver in it would leave Alertmanager's request unanswered then.
 */
const messages = join(mkdtempSync(join(tmpdir(), 'gs-alerting-')), 'messages.jsonl');
writeFileSync(messages, '');
const RECEIVER = `const { appendFileSync } = require('node:fs');
require('node:http').createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => { appendFileSync(process.argv[1], JSON.stringify(JSON.parse(body)) + '\\n'); res.end(); });
}).listen(${HOOK_PORT}, '127.0.0.1', () => process.stdout.write('listening\\n'));`;
let hook: ChildProcess | undefined;
after(() => hook?.kill());
const received = (): Message[] => readFileSync(messages, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Message);

test('alerting: a rule fires through Prometheus and Alertmanager into a webhook; verify sees its own alert', { skip, timeout: 300_000 }, async (t) => {
  if (!skip) {
    hook = spawn(process.execPath, ['-e', RECEIVER, messages], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((res, rej) => {
      hook!.stdout!.once('data', () => res());
      hook!.once('exit', (code) => rej(new Error(`the webhook receiver exited ${code}`)));
    });
  }

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
    const names = () => received().flatMap((m) => m.alerts.map((a) => a.labels.alertname));
    while (!names().includes('AlwaysFiring') && Date.now() < deadline) await new Promise((res) => setTimeout(res, 500));
    assert.ok(names().includes('AlwaysFiring'), `the webhook got: ${JSON.stringify(received())}`);
    assert.ok(!names().includes('GrafanaStackVerify'), 'the silenced verify alert notified a receiver');
  });

  await t.test('amtool in the shell talks to this Alertmanager', () => {
    const r = run('shell', '--', 'amtool', 'alert', 'query', 'alertname=AlwaysFiring');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /AlwaysFiring/);
  });
});
