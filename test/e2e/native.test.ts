import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { missingComponents } from './requirements.js';
import { isRunning } from '../../src/run/proc.js';
import { nativeProject } from './native-project.js';
import { foregroundUpThenSigint, killAndAwaitRestart, killSupervisorThenDown, readRunState } from './native-steps.js';
import { tracedCli } from '../module-trace.js';
import { scratchEntries } from '../../src/artifacts/scratch.js';

/**
 * The native stack end to end with real binaries, as a user gets them: Prometheus,
 * Alertmanager and node_exporter in their official release layout, served by a local
 * mirror (test/tools/mirror.ts), locked, downloaded, verified and run through the release
 * provider with no Go on the PATH and GOPROXY=off. Then: verify (read back from the
 * backends' own APIs: this stack has no Grafana), kill -9 a component and see it restarted,
 * down/up with the data kept, a killed supervisor cleaned up by the next down, and a
 * foreground up stopped by Ctrl-C. Ports 22xxx, off the defaults.
 */
const CONFIG = `name: e2e
grafana: false
loki: false
tempo: false
prometheus: { port: 22090 }
alertmanager: { port: 22093 }
node-exporter: { port: 22100 }
rules:
  - name: e2e
    rules: [{ record: "e2e:up:sum", expr: "sum(up)" }]
`;

const skip = (await missingComponents([], ['prometheus', 'alertmanager', 'node-exporter'])) ?? false;


const { dir, run, env } = await nativeProject(CONFIG, { offline: true });
/** A command run with every module it loads listed. */
// Traced as users run it, as the other steps are: the kept preparation is keyed by the build.
const traced = (...args: string[]) => tracedCli(args, { cwd: dir, env, via: 'bin' });
const state = () => readRunState(dir);

test('native stack of the release archives: lock, up, verify, crash recovery, restart with data kept, clean down', { skip, timeout: 600_000 }, async (t) => {
  let first = '';

  await t.test('lock pins the release archives from the mirror, without Go', () => {
    const r = run('lock');
    assert.equal(r.code, 0, r.stderr);
    const lock = JSON.parse(readFileSync(join(dir, 'grafana-stack.lock.json'), 'utf8')) as { components: Record<string, { release?: Record<string, { url: string }> }> };
    assert.deepEqual(Object.keys(lock.components).sort(), ['alertmanager', 'node-exporter', 'prometheus']);
    assert.equal(lock.components.prometheus!.release!['linux-amd64']!.url, 'https://github.com/prometheus/prometheus/releases/download/v3.16.0/prometheus-3.16.0.linux-amd64.tar.gz');
  });

  await t.test('up --detach downloads, verifies and unpacks each archive, then returns once every service is ready', () => {
    const r = run('up', '--detach');
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stderr, /prometheus 3\.16\.0 is not in the store: downloading its release archive/);
    assert.match(r.stdout, /stack "e2e" is up: 3 services ready/);
    const store = env.GRAFANA_STACK_STORE!;
    const entries = readdirSync(store).filter((d) => !d.startsWith('.'));
    assert.equal(entries.length, 3, entries.join(', '));
    for (const e of entries) assert.equal(JSON.parse(readFileSync(join(store, e, 'grafana-stack-manifest.json'), 'utf8')).origin.provider, 'release', e);
    assert.deepEqual(scratchEntries(store), [], 'no download or extraction left behind');
    assert.deepEqual(readdirSync(join(store, '.downloads')), [], 'archives are deleted once unpacked');
    const again = run('up', '--detach');
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already running \(supervisor pid \d+\)/);
  });

  await t.test('verify pushes a metric and an alert and reads each back from the backend', () => {
    const r = run('verify');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /against each backend's own API \(this stack has no Grafana\)/);
    assert.match(r.stdout, /✓ metric .*read back from its query API/);
    assert.match(r.stdout, /✓ alert .*seen (active|suppressed) in its API/);
    assert.match(r.stdout, /all 2 checks passed/);
    first = /run ([0-9a-f]{16})/.exec(r.stdout)![1]!;
  });

  await t.test('shell runs the pinned tools against the running stack, not whatever else is on PATH', () => {
    const version = run('shell', '--', 'promtool', '--version');
    assert.match(version.stdout, /promtool, version 3\.16\.0/, "the store's promtool, not Debian's 2.x");
    const query = run('shell', '--', 'sh', '-c', `promtool query instant "$PROMETHEUS_URL" 'grafana_stack_verify{run="${first}"}'`);
    assert.equal(query.code, 0, query.stderr);
    assert.match(query.stdout, /^grafana_stack_verify\{job="verify", run="[0-9a-f]{16}"\} => 1 @/m);
    const amtool = run('shell', '--', 'amtool', 'alert', 'query', '--silenced', `run=${first}`);
    assert.equal(amtool.code, 0, amtool.stderr);
    assert.match(amtool.stdout, /GrafanaStackVerify/);
    assert.equal(run('shell', '--', 'sh', '-c', 'exit 7').code, 7);
  });

  await t.test('env prints exports that bash evaluates into the same tools and addresses', () => {
    const e = run('env');
    assert.equal(e.code, 0, e.stderr);
    const r = spawnSync('bash', ['--norc', '-c', `${e.stdout}\ncommand -v promtool; echo "$PROMETHEUS_URL"`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, `${join(realpathSync(dir), '.grafana-stack/shell/bin/promtool')}\nhttp://127.0.0.1:22090\n`);
  });

  await t.test('a component killed with SIGKILL is restarted and the stack verifies again', async () => {
    await killAndAwaitRestart(dir, 'prometheus');
    assert.equal(run('verify').code, 0);
  });

  await t.test('status --json reports every service ready', () => {
    const r = run('status', '--json');
    assert.equal(r.code, 0, r.stdout);
    const st = JSON.parse(r.stdout) as { ready: boolean; services: { service: string }[] };
    assert.equal(st.ready, true);
    assert.deepEqual(st.services.map((x) => x.service).sort(), ['alertmanager', 'node-exporter', 'prometheus']);
  });

  await t.test("down stops every process; Prometheus' data survives into the next up", () => {
    const pids = [state().supervisor, ...Object.values(state().services).map((x) => x.process!)];
    const down = run('down');
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(pids.filter(isRunning), []);
    // What the detached supervisor said last (through the CLI's writers) is in its log.
    assert.match(readFileSync(join(dir, '.grafana-stack/logs/supervisor.log'), 'utf8'), /stack stopped\n$/);
    const up = traced('up', '--detach');
    assert.equal(up.code, 0, up.stderr + up.stdout);
    assert.doesNotMatch(up.stderr, /downloading/, 'the store entries are reused');
    // Nothing changed since the last up: its preparation is started as it was (run/prepared.ts).
    // (The CLI's command list names the targets from their registry, a list of lazy imports: no target code.)
    const heavy = up.modules.filter((m) => /node_modules\/(zod|yaml)\/|\/dist\/(components|render|artifacts)\/|\/dist\/targets\/(?!registry\.js$)/.test(m));
    assert.deepEqual(heavy.slice(0, 5), [], 'an up of an unchanged project loads no schema, component, render or artifact code');
    const r = run('verify', '--run', first, '--trace', '0'.repeat(32));
    assert.equal(r.code, 0, `the first run's sample is gone after a restart:\n${r.stdout}${r.stderr}`);
    assert.match(r.stdout, /✓ metric/);
  });

  await t.test('a config file edited under .grafana-stack/config is written again by the next up', () => {
    assert.equal(run('down').code, 0);
    const file = join(dir, '.grafana-stack/config/prometheus/prometheus.yml');
    const rendered = readFileSync(file, 'utf8');
    appendFileSync(file, '# edited by hand\n');
    const up = run('up', '--detach');
    assert.equal(up.code, 0, up.stderr + up.stdout);
    assert.equal(readFileSync(file, 'utf8'), rendered);
  });

  await t.test('SIGKILL of the supervisor leaves services that the next down finds and stops', () => killSupervisorThenDown(dir, run));
});

test('foreground up streams prefixed logs and stops everything on SIGINT', { skip, timeout: 120_000 }, () =>
  foregroundUpThenSigint(dir, env, 3, /^prometheus +\| .*Server is ready to receive web requests/m),
);
