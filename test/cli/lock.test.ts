import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempProject } from '../helpers.js';
import { standIn, writeUpstreamMirror } from '../fixtures/upstream-mirror.js';
import { DEFAULT_VERSIONS as V } from '../../src/versions.js';

/**
 * `lock`, `fetch`, `which` and `env` through the CLI, offline: upstream's files come from a
 * local mirror in upstream's layout holding STAND-IN binaries (scripts that print a version
 * line), `go` is off the PATH and GOPROXY=off, so nothing here may need Go or the network.
 */
const si = (v: string, ...names: string[]) => Object.fromEntries(names.map((n) => [n, standIn(n, v)]));
const mirror = await writeUpstreamMirror(tempProject(), {
  grafana: { version: V.grafana, binaries: si(V.grafana, 'grafana') },
  prometheus: { version: V.prometheus, binaries: si(V.prometheus, 'prometheus', 'promtool') },
  loki: { version: V.loki, binaries: si(V.loki, 'loki', 'logcli') },
  tempo: { version: V.tempo, binaries: si(V.tempo, 'tempo', 'tempo-cli'), platforms: ['linux-amd64', 'linux-arm64'] },
  alertmanager: { version: V.alertmanager, binaries: si(V.alertmanager, 'alertmanager', 'amtool') },
  mimir: { version: V.mimir, binaries: si(V.mimir, 'mimir', 'mimirtool') },
  pyroscope: { version: V.pyroscope, binaries: si(V.pyroscope, 'pyroscope', 'profilecli') },
  alloy: { version: V.alloy, binaries: si(V.alloy, 'alloy') },
  'node-exporter': { version: V['node-exporter'], binaries: si(V['node-exporter'], 'node_exporter') },
  proxy: { version: V.proxy, binaries: si(V.proxy, 'caddy') },
});
/** No Go, no module proxy, no internet: the mirror or nothing. */
const offline = (dir: string, extra: NodeJS.ProcessEnv = {}) => ({ PATH: '/usr/bin:/bin', GOPROXY: 'off', GRAFANA_STACK_STORE: join(dir, 'store'), NO_COLOR: '1', ...extra });
const readLockIn = (dir: string) => JSON.parse(readFileSync(join(dir, 'grafana-stack.lock.json'), 'utf8'));

test('go is not on the PATH these tests give the CLI', () => {
  assert.equal(existsSync('/usr/bin/go') || existsSync('/bin/go'), false);
});

test('lock pins the default stack from the mirror without Go: every platform upstream publishes, by its own checksums', () => {
  const dir = tempProject();
  const r = cli(['lock', '--mirror', mirror], { cwd: dir, env: offline(dir) });
  assert.equal(r.code, 0, r.stderr);
  const lock = readLockIn(dir);
  assert.deepEqual(Object.keys(lock.components).sort(), ['grafana', 'loki', 'prometheus', 'tempo']);
  for (const c of ['grafana', 'loki', 'prometheus']) assert.deepEqual(Object.keys(lock.components[c].release).sort(), ['darwin-amd64', 'darwin-arm64', 'linux-amd64', 'linux-arm64'], c);
  assert.deepEqual(Object.keys(lock.components.tempo.release).sort(), ['linux-amd64', 'linux-arm64']);
  assert.match(r.stderr, /tempo: upstream publishes no darwin-amd64 asset/);
  assert.equal(lock.components.prometheus.source, undefined, 'no Go module pin unless --source');
  assert.match(lock.components.grafana.release['linux-amd64'].url, /^https:\/\/dl\.grafana\.com\/grafana\/release\/13\.2\.3\/grafana_13\.2\.3_\d+_linux_amd64\.tar\.gz$/);
  assert.deepEqual(lock.components.loki.release['linux-amd64'].tools.map((t: { binaries: object }) => Object.keys(t.binaries)), [['logcli']]);
  assert.equal(readdirSync(dir).includes('store'), false, 'lock downloads no archive');
});

test('lock --all pins every component, Caddy by SHA-512; kube-state-metrics publishes no archive and says so', () => {
  const dir = tempProject();
  const r = cli(['lock', '--all', '--mirror', mirror], { cwd: dir, env: offline(dir) });
  assert.equal(r.code, 0, r.stderr);
  const lock = readLockIn(dir);
  for (const c of ['grafana', 'prometheus', 'loki', 'tempo', 'alertmanager', 'mimir', 'pyroscope', 'alloy', 'node-exporter', 'proxy']) assert.ok(lock.components[c].release['linux-amd64'], c);
  assert.match(lock.components.proxy.release['linux-amd64'].sha512, /^[0-9a-f]{128}$/);
  assert.equal(lock.components['kube-state-metrics'].release, undefined);
  assert.match(r.stderr, /kube-state-metrics 2\.20\.0: upstream publishes no release archives; `grafana-stack lock --source` pins its Go module build/);
});

test('without network or mirror, lock names the URL and the two ways out, and writes nothing', () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': 'grafana: false\nloki: false\ntempo: false\n' });
  const r = cli(['lock'], { cwd: dir, env: offline(dir, { HTTPS_PROXY: '', https_proxy: '' }) });
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /prometheus: cannot reach https:\/\/github\.com\/prometheus\/prometheus\/releases\/download\/v3\.16\.0\/sha256sums\.txt/);
  assert.match(r.stderr, /a mirror of the official release files: --mirror DIR\|URL or GRAFANA_STACK_MIRROR/);
  assert.match(r.stderr, /your own prometheus binary: `grafana-stack fetch --from system prometheus`/);
  assert.equal(existsSync(join(dir, 'grafana-stack.lock.json')), false);
});

test('fetch downloads from the mirror into the store; which prints it; a version bump needs lock --update', () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': 'grafana: false\nloki: false\ntempo: false\n' });
  const env = offline(dir, { GRAFANA_STACK_MIRROR: mirror });
  const before = cli(['which', 'promtool'], { cwd: dir, env });
  assert.equal(before.code, 3);
  assert.match(before.stderr, /prometheus 3\.16\.0 is not in the store: run `grafana-stack fetch prometheus`/);
  assert.equal(cli(['lock'], { cwd: dir, env }).code, 0);
  const f = cli(['fetch'], { cwd: dir, env });
  assert.equal(f.code, 0, f.stderr);
  const which = cli(['which', 'promtool'], { cwd: dir, env });
  assert.equal(which.code, 0, which.stderr);
  assert.match(readFileSync(which.stdout.trim(), 'utf8'), /stand-in for promtool 3\.16\.0/);

  writeFileSync(join(dir, 'grafana-stack.config.yaml'), 'grafana: false\nloki: false\ntempo: false\nprometheus: { version: "3.15.0" }\n');
  const stale = cli(['lock'], { cwd: dir, env });
  assert.equal(stale.code, 2);
  assert.match(stale.stderr, /prometheus: the stack runs 3\.15\.0, the lock pins 3\.16\.0/);
});

test('fetch --from source refuses an AGPL component by name and points to the release archive or your own binary', () => {
  const dir = tempProject();
  const r = cli(['fetch', 'grafana', '--from', 'source'], { cwd: dir, env: offline(dir, { GRAFANA_STACK_MIRROR: mirror }) });
  assert.equal(r.code, 3);
  assert.match(r.stderr, /grafana is AGPL-3\.0-only: grafana-stack never downloads or builds its Go module/);
  assert.match(r.stderr, /`grafana-stack fetch grafana`.*`grafana-stack fetch --from system grafana`/s);
  const alloy = cli(['--set', 'alloy={}', 'fetch', 'alloy', '--from', 'source'], { cwd: dir, env: offline(dir) });
  assert.match(alloy.stderr, /alloy is Apache-2\.0 \(its Go module requires AGPL-3\.0-only Loki\): grafana-stack never downloads or builds its Go module/);
});

test('env and which are read-only: on a machine without binaries env prints what is missing and downloads nothing', () => {
  const dir = tempProject();
  const env = offline(dir, { GRAFANA_STACK_MIRROR: mirror });
  const r = cli(['env'], { cwd: dir, env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /export GRAFANA_URL=/);
  assert.match(r.stderr, /not in the store: grafana 13\.2\.3, prometheus 3\.16\.0, loki 3\.7\.8, tempo 3\.1\.0 \(`grafana-stack fetch` or `grafana-stack up` downloads them\)/);
  assert.equal(existsSync(join(dir, 'grafana-stack.lock.json')), false, 'nothing was locked');
  assert.equal(existsSync(join(dir, 'store')), false, 'nothing was downloaded');
});

test('a lock file with a malformed hash is rejected with its path', () => {
  const dir = tempProject({
    'grafana-stack.config.yaml': 'grafana: false\nloki: false\ntempo: false\n',
    'grafana-stack.lock.json': JSON.stringify({ lockfileVersion: 1, components: { prometheus: { version: '3.16.0', release: { 'linux-amd64': { url: 'https://x/y.tar.gz', sha256: 'nope', binaries: {} } } } } }),
  });
  const r = cli(['fetch'], { cwd: dir, env: offline(dir) });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /components\.prometheus\.release\["linux-amd64"\]\.sha256: expected a hex sha256, got "nope"/);
});

test('which refuses a store entry that was tampered with', async () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': 'grafana: false\nloki: false\ntempo: false\n' });
  const env = offline(dir, { GRAFANA_STACK_MIRROR: mirror });
  assert.equal(cli(['lock'], { cwd: dir, env }).code, 0);
  assert.equal(cli(['fetch'], { cwd: dir, env }).code, 0);
  const path = cli(['which', 'prometheus'], { cwd: dir, env }).stdout.trim();
  const { chmodSync, appendFileSync } = await import('node:fs');
  chmodSync(path, 0o755);
  appendFileSync(path, 'evil\n');
  const bad = cli(['which', 'prometheus'], { cwd: dir, env });
  assert.equal(bad.code, 3);
  assert.match(bad.stderr, /was modified after it was stored: refusing to use it/);
  assert.match(bad.stderr, /prometheus: sha256 [0-9a-f]{64} does not match the recorded [0-9a-f]{64}/);
});

test('config shows the current releases: Grafana 13.2 or newer, Tempo 3 or newer, no pseudo-version', () => {
  const dir = tempProject();
  const r = cli(['config', '--format', 'json'], { cwd: dir, env: offline(dir) });
  assert.equal(r.code, 0, r.stderr);
  const stack = JSON.parse(r.stdout) as { components: Record<string, { version: string }> };
  for (const [name, c] of Object.entries(stack.components)) assert.match(c.version, /^\d+\.\d+\.\d+$/, `${name} ${c.version}`);
  const [gMajor, gMinor] = stack.components.grafana!.version.split('.').map(Number) as [number, number];
  assert.ok(gMajor > 13 || (gMajor === 13 && gMinor >= 2), `Grafana ${stack.components.grafana!.version}`);
  assert.ok(Number(stack.components.tempo!.version.split('.')[0]) >= 3, `Tempo ${stack.components.tempo!.version}`);
});

test('a download interrupted by Ctrl-C leaves nothing in the store; one killed outright is cleaned by the next run', async () => {
  const { createServer } = await import('node:http');
  const { spawn } = await import('node:child_process');
  const { scratchEntries } = await import('../../src/artifacts/scratch.js');
  const { BIN } = await import('../helpers.js');
  // Serves the mirror's files, but the archive only halfway, then stalls.
  let halfSent: () => void = () => {};
  const server = createServer((req, res) => {
    const file = join(mirror, decodeURIComponent(req.url ?? ''));
    if (!existsSync(file)) return void res.writeHead(404).end();
    const body = readFileSync(file);
    if (!file.endsWith('.tar.gz')) return void res.end(body);
    res.writeHead(200, { 'content-length': body.length });
    res.write(body.subarray(0, body.length >> 1), () => halfSent());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    for (const signal of ['SIGINT', 'SIGKILL'] as const) {
      const dir = tempProject({ 'grafana-stack.config.yaml': 'grafana: false\nloki: false\ntempo: false\n' });
      // (cli() blocks this process, and with it the server: lock reads the mirror's files directly.)
      assert.equal(cli(['lock'], { cwd: dir, env: offline(dir, { GRAFANA_STACK_MIRROR: mirror }) }).code, 0);
      const env = offline(dir, { GRAFANA_STACK_MIRROR: base });
      const sent = new Promise<void>((r) => (halfSent = r));
      const child = spawn(process.execPath, [BIN, 'fetch'], { cwd: dir, env: { ...process.env, ...env }, stdio: 'ignore' });
      await sent;
      await new Promise((r) => setTimeout(r, 300));
      child.kill(signal);
      await new Promise((r) => child.once('exit', r));
      const store = join(dir, 'store');
      if (signal === 'SIGINT') {
        assert.deepEqual(scratchEntries(store), [], 'Ctrl-C leaves no partial download behind');
      } else {
        assert.ok(scratchEntries(store).length > 0, 'SIGKILL cannot clean up: the next run must');
        const next = cli(['fetch'], { cwd: dir, env: offline(dir, { GRAFANA_STACK_MIRROR: mirror }) });
        assert.equal(next.code, 0, next.stderr);
        assert.match(next.stderr, /removed .*\.part-\d+, left by an interrupted run/);
        assert.deepEqual(scratchEntries(store), []);
      }
    }
  } finally {
    server.closeAllConnections();
    server.close();
  }
});
