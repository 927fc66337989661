import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import { join } from 'node:path';
import { missingComponents } from './requirements.js';
import { isRunning, type ProcessId } from '../../src/run/proc.js';
import { nativeProject } from './native-project.js';
import { foregroundUpThenSigint, killAndAwaitRestart, killSupervisorThenDown, readRunState } from './native-steps.js';

/**
 * The native stack end to end with the real binaries from the store: up -> verify -> kill -9
 * a component -> it comes back -> verify -> down -> up -> the earlier log line and trace are
 * still found -> down leaves no process. Ports are moved off the defaults so a developer's
 * own stack does not interfere.
 */
const CONFIG = `name: e2e
grafana: { port: 23000 }
prometheus: { port: 29090 }
loki: { port: 23100, ports: { grpc: 29096, memberlist: 27947 } }
tempo: { port: 23200, ports: { grpc: 29095, otlp-grpc: 24317, otlp-http: 24318, memberlist: 27946 } }
`;

const skip = (await missingComponents()) ?? false;


const { dir, run, env } = await nativeProject(CONFIG);
const state = () => readRunState(dir);

test('native stack: up, verify, crash recovery, restart with data kept, clean down', { skip, timeout: 600_000 }, async (t) => {
  let first = { runId: '', traceId: '' };
  let pids: ProcessId[] = [];

  await t.test('up --detach returns once every service is ready', () => {
    const r = run('up', '--detach');
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /stack "e2e" is up: 4 services ready/);
    assert.match(r.stdout, /Grafana: http:\/\/127\.0\.0\.1:23000 +user admin/);
    const again = run('up', '--detach');
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already running \(supervisor pid \d+\)/);
  });

  await t.test('verify pushes a metric, a log line and a trace and reads each back through Grafana', () => {
    const r = run('verify');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /all 5 checks passed/);
    first = { runId: /run ([0-9a-f]{16})/.exec(r.stdout)![1]!, traceId: /trace ([0-9a-f]{32})/.exec(r.stdout)![1]! };
  });

  await t.test('shell runs the pinned tools against the running stack: logcli, promtool, tempo-cli, grafana-cli', () => {
    const logcli = run('shell', '--', 'logcli', 'query', '--quiet', '--since', '10m', '{job="verify"}');
    assert.equal(logcli.code, 0, logcli.stderr);
    assert.match(logcli.stdout, new RegExp(`grafana-stack verify run=${first.runId}`));
    // The metric verify remote-wrote: there from the start, unlike the first scrape's `up`.
    const promtool = run('shell', '--', 'sh', '-c', `promtool query instant "$PROMETHEUS_URL" 'grafana_stack_verify{run="${first.runId}"}'`);
    assert.equal(promtool.code, 0, promtool.stderr);
    assert.match(promtool.stdout, /^grafana_stack_verify\{job="verify", run="[0-9a-f]{16}"\} => 1 @/m);
    const tempo = run('shell', '--', 'sh', '-c', `tempo-cli query api trace-id "$TEMPO_URL" ${first.traceId}`);
    assert.equal(tempo.code, 0, tempo.stderr);
    assert.match(tempo.stdout, /grafana-stack-verify/);
    const grafana = run('shell', '--', 'grafana-cli', 'plugins', 'ls');
    assert.equal(grafana.code, 0, grafana.stderr + grafana.stdout);
    assert.match(grafana.stdout, /no installed plugins found/);
    // The versions are the store's, not whatever else is on PATH (Debian's promtool is 2.x).
    const version = run('shell', '--', 'promtool', '--version');
    assert.match(version.stdout, /promtool, version 3\.16\.0/);
    assert.equal(run('shell', '--', 'sh', '-c', 'exit 7').code, 7);
  });

  await t.test('env prints exports that bash evaluates into the same tools and addresses', () => {
    const env = run('env');
    assert.equal(env.code, 0, env.stderr);
    const r = spawnSync('bash', ['--norc', '-c', `${env.stdout}\ncommand -v logcli; echo "$LOKI_ADDR $GRAFANA_URL"`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${join(realpathSync(dir), '.grafana-stack/shell/bin/logcli')}\nhttp://127.0.0.1:23100 http://127.0.0.1:23000\n`);
  });

  await t.test('a component killed with SIGKILL is restarted and the stack verifies again', async () => {
    await killAndAwaitRestart(dir, 'loki');
    const r = run('verify');
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });

  await t.test('status --json reports every service ready', () => {
    const r = run('status', '--json');
    assert.equal(r.code, 0, r.stdout);
    const st = JSON.parse(r.stdout) as { ready: boolean; services: { service: string; state: string; pid: number }[] };
    assert.equal(st.ready, true);
    assert.deepEqual(st.services.map((x) => x.service).sort(), ['grafana', 'loki', 'prometheus', 'tempo']);
  });

  await t.test('down stops every process; data survives into the next up', () => {
    pids = [state().supervisor, ...Object.values(state().services).map((x) => x.process!)];
    const down = run('down');
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(pids.filter(isRunning), []);
    const up = run('up', '--detach');
    assert.equal(up.code, 0, up.stderr + up.stdout);
    const r = run('verify', '--run', first.runId, '--trace', first.traceId);
    assert.equal(r.code, 0, `the first run's data is gone after a restart:\n${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /✓ log/);
    assert.match(r.stdout, /✓ trace/);
    assert.match(r.stdout, /✓ metric/);
  });

  await t.test('SIGKILL of the supervisor leaves services that the next down finds and stops', () => killSupervisorThenDown(dir, run));
});

test('foreground up streams prefixed logs and stops everything on SIGINT', { skip, timeout: 120_000 }, () =>
  foregroundUpThenSigint(dir, env, 4, /^loki +\| .*Starting Loki/m),
);
