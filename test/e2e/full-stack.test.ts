import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempProject } from '../helpers.js';
import { e2eMirror, missingComponents, userBinaries } from './requirements.js';
import { parseDocument } from 'yaml';
import { ensureDockerEngine } from './docker-engine.js';
import { FULL_STACK_LOCAL, fullStackConfig } from '../fixtures/full-stack.js';
import { servePluginZips, testPluginZip } from '../fixtures/plugin-zip.js';

/**
 * Every component at once, natively and in Compose, with the real binaries and the images
 * this project builds: `verify` passes every check (metric through Mimir, log, trace,
 * alert, profile, and the three signals through Alloy), Grafana has loaded the pinned
 * plugin (from the store natively, from its image layer in Compose), and node-exporter's
 * host metrics read back through Grafana. kube-state-metrics is enabled too: both targets
 * leave it out and say so.
 */
const PLUGIN = 'grafana-stack-test-panel';
const missing = await missingComponents(['alertmanager', 'mimir', 'pyroscope', 'alloy', 'node-exporter', 'proxy']);

// The plugin as grafana.com would serve it.
const server = missing ? undefined : await servePluginZips({ 'plugin.zip': testPluginZip(PLUGIN, '1.0.0') });
const pluginUrl = `${server?.base ?? 'http://127.0.0.1:0'}/plugin.zip`;

const projects: { dir: string; stop: () => void }[] = [];
after(() => {
  for (const p of projects) {
    p.stop();
    rmSync(p.dir, { recursive: true, force: true });
  }
  server?.stop();
});

const mirror = await e2eMirror();
function project(name: string, prefix: number, stop: (run: Run) => void) {
  // The user's own binaries of the AGPL components (GRAFANA_STACK_BIN_<NAME>) run as `binary:`.
  const doc = parseDocument(fullStackConfig(name, prefix, pluginUrl));
  for (const [c, path] of Object.entries(userBinaries())) if (doc.has(c)) doc.setIn([c, 'binary'], path);
  const dir = tempProject({ 'grafana-stack.config.yaml': doc.toString() });
  const run: Run = (...args) => cli(args, { cwd: dir, env: { NO_COLOR: '1', ...('dir' in mirror ? { GRAFANA_STACK_MIRROR: mirror.dir } : {}) } });
  projects.push({ dir, stop: () => stop(run) });
  return { dir, run };
}
type Run = (...args: string[]) => ReturnType<typeof cli>;

/** GET from Grafana with the stack's admin password. */
async function grafanaGet(dir: string, port: number, path: string): Promise<{ status: number; body: string }> {
  const password = readFileSync(join(dir, '.grafana-stack/secrets/grafana-admin-password'), 'utf8').trim();
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { headers: { Authorization: `Basic ${Buffer.from(`admin:${password}`).toString('base64')}` } });
  return { status: res.status, body: await res.text() };
}

const EVERY_CHECK = ['grafana', 'metric', 'log', 'trace', 'alert', 'profile', 'alloy-metric', 'alloy-log', 'alloy-trace', 'dashboards'];

function assertVerified(stdout: string) {
  for (const c of EVERY_CHECK) assert.match(stdout, new RegExp(`✓ ${c} `), `check ${c} in:\n${stdout}`);
  assert.match(stdout, /all 10 checks passed/);
  assert.match(stdout, /Mimir/, 'the metric is read through Mimir');
}

/** node_uname_info through Grafana's proxy to the default (Mimir) datasource, once a scrape has been remote-written. */
async function assertHostMetrics(dir: string, grafanaPort: number) {
  const q = encodeURIComponent('node_uname_info');
  let last = { status: 0, body: '' };
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 1000))) {
    last = await grafanaGet(dir, grafanaPort, `/api/datasources/proxy/uid/mimir/api/v1/query?query=${q}`);
    if (last.status === 200 && last.body.includes('"__name__":"node_uname_info"')) return;
  }
  assert.fail(`node-exporter's node_uname_info not read through Grafana and Mimir within 60 s: HTTP ${last.status} ${last.body.slice(0, 300)}`);
}

test('every component natively: up, verify, the pinned plugin, host metrics, down', { skip: missing ?? false, timeout: 600_000 }, async (t) => {
  const { dir, run } = project('full-native', 26, (r) => r('down'));

  await t.test('up starts every component but kube-state-metrics, and says why that one is left out', async () => {
    // Its port is taken: up must not care about a service it does not run.
    const squatter = createServer().listen(26102, '127.0.0.1');
    await once(squatter, 'listening');
    const r = run('up', '--detach');
    squatter.close();
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const c of FULL_STACK_LOCAL) assert.match(r.stdout, new RegExp(`^  ${c}\\s+http://127\\.0\\.0\\.1:\\d+\\s+ready`, 'm'), `${c} in:\n${r.stdout}`);
    assert.match(r.stderr, /not started: kube-state-metrics runs only in a Kubernetes cluster/);
  });

  await t.test('verify passes every check', () => {
    const r = run('verify', '--timeout', '90');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assertVerified(r.stdout);
  });

  await t.test('Grafana loaded the plugin pinned in the lock, from the store', async () => {
    const r = await grafanaGet(dir, 26000, `/api/plugins/${PLUGIN}/settings`);
    assert.equal(r.status, 200, r.body);
    assert.equal((JSON.parse(r.body) as { info: { version: string } }).info.version, '1.0.0');
    const lock = JSON.parse(readFileSync(join(dir, 'grafana-stack.lock.json'), 'utf8')) as { addons: Record<string, unknown> };
    assert.ok(lock.addons[`grafana-plugin-${PLUGIN}`], 'pinned on first up');
  });

  await t.test("node-exporter's host metrics read back through Grafana", () => assertHostMetrics(dir, 26000));

  await t.test('down stops everything', () => {
    const r = run('down');
    assert.equal(r.code, 0, r.stdout + r.stderr);
  });
});

const noEngine = missing ? undefined : await ensureDockerEngine();

test('every component in Compose: images, up, verify, the plugin from the image, down', { skip: missing ?? noEngine ?? false, timeout: 900_000 }, async (t) => {
  const STACK = 'full-compose';
  const volumes = () => spawnSync('docker', ['volume', 'ls', '-q', '--filter', `name=${STACK}_`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
  const removeVolumes = () => {
    const v = volumes();
    if (v.length) spawnSync('docker', ['volume', 'rm', ...v]);
  };
  removeVolumes();
  const { dir, run } = project(STACK, 27, (r) => {
    r('compose', 'down');
    removeVolumes();
  });

  await t.test('compose up builds an image per component and waits for every healthcheck', () => {
    const r = run('compose', 'up');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, new RegExp(`Compose project "${STACK}" is healthy`));
    for (const c of FULL_STACK_LOCAL) assert.match(r.stderr, new RegExp(`${c} healthy after`), `${c} in:\n${r.stderr}`);
  });

  await t.test('verify passes every check against the containers', () => {
    const r = run('verify', '--timeout', '90');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assertVerified(r.stdout);
  });

  await t.test("Grafana's container loaded the plugin from its image layer", async () => {
    const r = await grafanaGet(dir, 27000, `/api/plugins/${PLUGIN}/settings`);
    assert.equal(r.status, 200, r.body);
    // The image holds it: the running container has it at /opt/addons, where grafana.ini points.
    const cp = spawnSync('docker', ['cp', `${STACK}_grafana_1:/opt/addons/grafana-plugin-${PLUGIN}/plugin.json`, '-'], { encoding: 'utf8' });
    assert.equal(cp.status, 0, cp.stderr);
    assert.match(cp.stdout, new RegExp(`"id":"${PLUGIN}"`));
    assert.match(readFileSync(join(dir, `.grafana-stack/compose/grafana/grafana.ini`), 'utf8'), new RegExp(`\\[plugin\\.${PLUGIN}\\]\\npath = /opt/addons/grafana-plugin-${PLUGIN}`));
  });

  await t.test("node-exporter's host metrics read back through Grafana", () => assertHostMetrics(dir, 27000));
});
