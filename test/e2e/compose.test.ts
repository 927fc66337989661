import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cli, tempProject } from '../helpers.js';
import { missingComponents } from './requirements.js';
import { lockFromMirror } from './native-project.js';
import { ensureDockerEngine } from './docker-engine.js';

/**
 * The Compose deployment end to end on a real Docker engine, with the images this project
 * builds from the real binaries: images --load (twice: same digests) -> compose up ->
 * verify -> the containers run as nonroot on a read-only root -> compose down (volumes
 * kept) -> compose up -> the first run's metric, log line and trace are still there.
 */
const STACK = 'e2e-compose';
const CONFIG = `name: ${STACK}
grafana: { port: 33000 }
prometheus: { port: 39090 }
loki: { port: 33100, ports: { grpc: 39096, memberlist: 37947 } }
tempo: { port: 33200, ports: { grpc: 39095, otlp-grpc: 34317, otlp-http: 34318, memberlist: 37946 } }
`;

const missing = await missingComponents();
const noEngine = missing ? undefined : await ensureDockerEngine();
const skip = missing ?? noEngine ?? false;

const dir = tempProject({ 'grafana-stack.config.yaml': CONFIG });
const mirrorEnv = await lockFromMirror(dir);
const run = (...args: string[]) => cli(args, { cwd: dir, env: { NO_COLOR: '1', ...mirrorEnv } });
const docker = (...args: string[]) => spawnSync('docker', args, { encoding: 'utf8' });
const volumes = () => docker('volume', 'ls', '-q', '--filter', `name=${STACK}_`).stdout.split('\n').filter(Boolean).sort();

after(() => {
  if (skip) return;
  run('compose', 'down');
  const v = volumes();
  if (v.length) docker('volume', 'rm', ...v); // the test's own volumes only
  rmSync(dir, { recursive: true, force: true });
});

test('compose: images, up, verify, down, up again with the data kept', { skip, timeout: 900_000 }, async (t) => {
  let first = { runId: '', traceId: '' };

  await t.test('images --load builds every image and loads it; a second build has the same digests', () => {
    const old = volumes();
    if (old.length) docker('volume', 'rm', ...old); // left over from an interrupted run
    const r = run('images', '--load');
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const digests = (s: string) => [...s.matchAll(/^(grafana-stack\/\S+)\s+(sha256:[0-9a-f]{64})/gm)].map((m) => `${m[1]} ${m[2]}`);
    assert.equal(digests(r.stdout).length, 4, r.stdout);
    const again = run('images', '--out', 'images-again');
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(digests(again.stdout), digests(r.stdout));
    for (const image of digests(r.stdout)) {
      const [ref] = image.split(' ');
      assert.equal(docker('image', 'inspect', '--format', '{{.Config.User}}', ref!).stdout.trim(), '65532:65532');
    }
  });

  await t.test('compose up waits until every service is healthy', () => {
    const r = run('compose', 'up');
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, new RegExp(`Compose project "${STACK}" is healthy`));
    for (const s of ['prometheus', 'loki', 'tempo', 'grafana']) assert.match(r.stderr, new RegExp(`${s} healthy after`));
  });

  await t.test('verify reads a metric, a log line and a trace back through Grafana in Compose', () => {
    // --url as a user would point verify at any deployment; Compose publishes the native ports.
    const r = run('verify', '--url', 'grafana=http://127.0.0.1:33000', '--url', 'loki=http://127.0.0.1:33100');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /all 5 checks passed/);
    assert.match(r.stdout, /http:\/\/127\.0\.0\.1:33000/);
    first = { runId: /run ([0-9a-f]{16})/.exec(r.stdout)![1]!, traceId: /trace ([0-9a-f]{32})/.exec(r.stdout)![1]! };
  });

  await t.test('another project directory with the same stack name is refused, not given this one\'s volumes', () => {
    const other = tempProject({ 'grafana-stack.config.yaml': CONFIG });
    cli(['lock'], { cwd: other, env: mirrorEnv });
    for (const action of ['up', 'down']) {
      const r = cli(['compose', action], { cwd: other, env: { NO_COLOR: '1' } });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`the Compose project "${STACK}" belongs to ${dir.replaceAll('/', '\\/')}`));
    }
    assert.equal(docker('ps', '-q', '--filter', `label=com.docker.compose.project=${STACK}`).stdout.split('\n').filter(Boolean).length, 4);
    rmSync(other, { recursive: true, force: true });
  });

  await t.test('containers run as nonroot on a read-only root with no capabilities, ports on loopback', () => {
    const ids = docker('ps', '-q', '--filter', `label=com.docker.compose.project=${STACK}`).stdout.split('\n').filter(Boolean);
    assert.equal(ids.length, 4);
    const inspected = JSON.parse(docker('inspect', ...ids).stdout) as {
      Config: { User: string };
      HostConfig: { ReadonlyRootfs: boolean; CapDrop: string[]; PortBindings: Record<string, { HostIp: string }[]> };
    }[];
    for (const c of inspected) {
      assert.equal(c.Config.User, '65532:65532');
      assert.equal(c.HostConfig.ReadonlyRootfs, true);
      assert.deepEqual(c.HostConfig.CapDrop, ['ALL']);
      for (const bindings of Object.values(c.HostConfig.PortBindings ?? {})) for (const b of bindings) assert.equal(b.HostIp, '127.0.0.1');
    }
  });

  await t.test('compose down removes the containers and keeps the volumes', () => {
    const r = run('compose', 'down');
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${STACK}`).stdout.trim(), '');
    assert.deepEqual(volumes(), ['grafana-data', 'loki-data', 'prometheus-data', 'tempo-data'].map((v) => `${STACK}_${v}`));
  });

  await t.test('compose up again: the first run\'s data is still there', () => {
    const up = run('compose', 'up');
    assert.equal(up.code, 0, up.stderr + up.stdout);
    assert.match(up.stderr, /already loaded/);
    const r = run('verify', '--run', first.runId, '--trace', first.traceId);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /all 5 checks passed/);
    const down = run('compose', 'down');
    assert.equal(down.code, 0, down.stderr);
  });
});
