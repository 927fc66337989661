import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { cli, tempProject } from '../helpers.js';
import { ensureImageBase } from '../../src/images/base.js';
import { defaultStoreDir } from '../../src/artifacts/store.js';
import { missingComponents } from './requirements.js';
import { lockFromMirror } from './native-project.js';
import { ensureDockerEngine } from './docker-engine.js';

/**
 * The Compose deployment end to end on a real Docker engine, with the images this project
 * builds (`images: built`) from the binaries the release provider fetched (the end-to-end
 * mirror, see requirements.ts), on the components that run here: Prometheus, Alertmanager
 * and the proxy in front of them. images --load (twice: same digests) -> compose up ->
 * verify -> the containers run as nonroot on a read-only root -> compose down (volumes
 * kept) -> compose up -> the first run's data is still there. The official images cannot
 * be pulled here: their Compose file is checked by the Compose schema and docker-compose
 * (test/validators/compose.test.ts), not run; what it adds to a container (the volume
 * preparer and the mounted probe) is run here on one of the built images.
 */
const STACK = 'e2e-compose';
const CONFIG = `name: ${STACK}
images: built
grafana: false
loki: false
tempo: false
prometheus: { port: 39090 }
alertmanager: { port: 39093 }
proxy: { port: 38080 }
`;
const SERVICES = ['alertmanager', 'prometheus', 'proxy'];

const missing = await missingComponents([], ['prometheus', 'alertmanager', 'proxy']);
const noEngine = missing ? undefined : await ensureDockerEngine();
const skip = missing ?? noEngine ?? false;

const dir = tempProject({ 'grafana-stack.config.yaml': CONFIG });
const mirrorEnv = skip ? {} : await lockFromMirror(dir);
const run = (...args: string[]) => cli(args, { cwd: dir, env: { NO_COLOR: '1', ...mirrorEnv } });
const docker = (...args: string[]) => spawnSync('docker', args, { encoding: 'utf8' });
const volumes = () => docker('volume', 'ls', '-q', '--filter', `name=${STACK}_`).stdout.split('\n').filter(Boolean).sort();
const running = () => docker('ps', '-q', '--filter', `label=com.docker.compose.project=${STACK}`).stdout.split('\n').filter(Boolean);

after(() => {
  if (skip) return;
  run('compose', 'down');
  const v = volumes();
  if (v.length) docker('volume', 'rm', ...v); // the test's own volumes only
  rmSync(dir, { recursive: true, force: true });
});

test('compose: images, up, verify, down, up again with the data kept', { skip, timeout: 900_000 }, async (t) => {
  let first = '';

  await t.test('images --load builds every image and loads it; a second build has the same digests', () => {
    const old = volumes();
    if (old.length) docker('volume', 'rm', ...old); // left over from an interrupted run
    const started = Date.now();
    const r = run('images', '--load');
    assert.equal(r.code, 0, r.stderr + r.stdout);
    console.log(`images --load: ${((Date.now() - started) / 1000).toFixed(1)} s\n${r.stdout.trim()}`);
    const digests = (s: string) => [...s.matchAll(/^(localhost\/grafana-stack\/\S+)\s+(sha256:[0-9a-f]{64})/gm)].map((m) => `${m[1]} ${m[2]}`);
    assert.equal(digests(r.stdout).length, 3, r.stdout);
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
    assert.match(r.stdout, new RegExp(`Compose project "${STACK}" is healthy \\((\\d+\\.\\d) s\\)`));
    console.log(`compose up: ${/is healthy \((\S+ s)\)/.exec(r.stdout)![1]}`);
    for (const s of SERVICES) assert.match(r.stderr, new RegExp(`${s} healthy after`));
  });

  await t.test('verify pushes a metric and an alert and reads them back, also through the proxy', () => {
    const r = run('verify');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /all \d+ checks passed/);
    console.log(r.stdout.trim());
    first = /run ([0-9a-f]{16})/.exec(r.stdout)?.[1] ?? '';
    assert.ok(first, r.stdout);
  });

  await t.test('another project directory with the same stack name is refused, not given this one\'s volumes', () => {
    const other = tempProject({ 'grafana-stack.config.yaml': CONFIG });
    cli(['lock'], { cwd: other, env: mirrorEnv });
    for (const action of ['up', 'down']) {
      const r = cli(['compose', action], { cwd: other, env: { NO_COLOR: '1', ...mirrorEnv } });
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, new RegExp(`the Compose project "${STACK}" belongs to ${dir.replaceAll('/', '\\/')}`));
    }
    assert.equal(running().length, SERVICES.length);
    rmSync(other, { recursive: true, force: true });
  });

  await t.test('containers run as nonroot on a read-only root with no capabilities, ports on loopback', () => {
    const ids = running();
    assert.equal(ids.length, SERVICES.length);
    const inspected = JSON.parse(docker('inspect', ...ids).stdout) as {
      Config: { User: string; Image: string };
      HostConfig: { ReadonlyRootfs: boolean; CapDrop: string[]; CapAdd: string[] | null; SecurityOpt: string[]; PortBindings: Record<string, { HostIp: string }[]> };
    }[];
    for (const c of inspected) {
      assert.match(c.Config.Image, /^localhost\/grafana-stack\//);
      assert.equal(c.Config.User, '65532:65532');
      assert.equal(c.HostConfig.ReadonlyRootfs, true);
      assert.deepEqual(c.HostConfig.CapDrop, ['ALL']);
      assert.equal(c.HostConfig.CapAdd, null);
      assert.ok(c.HostConfig.SecurityOpt.includes('no-new-privileges:true'));
      for (const bindings of Object.values(c.HostConfig.PortBindings ?? {})) for (const b of bindings) assert.equal(b.HostIp, '127.0.0.1');
    }
  });

  await t.test("the official images' volume preparer, as rendered, hands a fresh root-owned volume to 65532 with CAP_CHOWN alone", async () => {
    const official = cli(['--set', 'images=official', 'render', 'compose', '--out', 'official'], { cwd: dir });
    assert.equal(official.code, 0, official.stderr);
    const services = (parse(readFileSync(join(dir, 'official/compose.yaml'), 'utf8')) as { services: Record<string, any> }).services;
    const prep = services['prometheus-volumes'];
    const server = services.prometheus;
    const probe = join((await ensureImageBase(defaultStoreDir(), process.arch === 'arm64' ? 'arm64' : 'amd64')).dir, 'grafana-stack-probe');
    const volume = `${STACK}_preparer-check`;
    docker('volume', 'rm', '-f', volume);
    const image = `localhost/grafana-stack/prometheus:${/prometheus:(\S+)/.exec(server.image)![1]!.replace(/^v/, '')}`;
    // A path the image does not have: Docker makes the volume root's, as with every official image.
    const target = '/var/lib/prometheus-fresh';
    const flags = (s: any) => [
      '--user', s.user, ...(s.read_only ? ['--read-only'] : []), ...(s.network_mode ? ['--network', s.network_mode] : []),
      ...s.cap_drop.flatMap((c: string) => ['--cap-drop', c]), ...(s.cap_add ?? []).flatMap((c: string) => ['--cap-add', c]),
      ...s.security_opt.flatMap((o: string) => ['--security-opt', o]),
      '-v', `${volume}:${target}`, '-v', `${probe}:/usr/bin/grafana-stack-probe:ro`,
    ];
    const prometheus = (detach: boolean) =>
      docker('run', ...(detach ? ['-d', '--name', `${STACK}-preparer-check`] : ['--rm']), ...flags(server), '--entrypoint', '/opt/prometheus/prometheus', image, `--storage.tsdb.path=${target}`, '--config.file=/dev/null', '--web.listen-address=127.0.0.1:19999');
    try {
      const before = prometheus(false);
      assert.notEqual(before.status, 0, 'the fresh volume is not writable by 65532');
      assert.match(before.stderr, /prometheus-fresh\/\S+: permission denied/);
      const prepared = docker('run', '--rm', ...flags(prep), '--entrypoint', prep.entrypoint[0], image, prep.entrypoint[1], prep.entrypoint[2], target);
      assert.equal(prepared.status, 0, prepared.stderr);
      assert.match(prepared.stdout, new RegExp(`${target}: owner 0:0 -> 65532:65532`));
      const again = docker('run', '--rm', ...flags(prep), '--entrypoint', prep.entrypoint[0], image, prep.entrypoint[1], prep.entrypoint[2], target);
      assert.equal(again.stdout, '', 'a volume that is 65532\'s already is left alone');
      // Prometheus as 65532 now opens its TSDB there and gets ready; the rendered healthcheck, the mounted probe, says so.
      assert.equal(prometheus(true).status, 0);
      let logs = '';
      for (let i = 0; i < 120 && !/Server is ready to receive web requests/.test(logs); i++) {
        await new Promise((r) => setTimeout(r, 250));
        logs = docker('logs', `${STACK}-preparer-check`).stderr;
      }
      assert.match(logs, /TSDB started/);
      assert.doesNotMatch(logs, /permission denied/);
      const health = server.healthcheck.test.slice(1).map((a: string) => a.replace(/:\d+\//, ':19999/'));
      const probed = docker('exec', `${STACK}-preparer-check`, ...health);
      assert.equal(probed.status, 0, probed.stderr);
    } finally {
      docker('rm', '-f', `${STACK}-preparer-check`);
      docker('volume', 'rm', '-f', volume);
    }
  });

  await t.test('compose down removes the containers and keeps the volumes', () => {
    const r = run('compose', 'down');
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.equal(docker('ps', '-aq', '--filter', `label=com.docker.compose.project=${STACK}`).stdout.trim(), '');
    assert.deepEqual(volumes(), ['alertmanager-data', 'prometheus-data', 'proxy-data'].map((v) => `${STACK}_${v}`));
  });

  await t.test('compose up again: the first run\'s data is still there', () => {
    const up = run('compose', 'up');
    assert.equal(up.code, 0, up.stderr + up.stdout);
    assert.match(up.stderr, /already loaded/);
    const r = run('verify', '--run', first, '--trace', '0'.repeat(32));
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /all \d+ checks passed/);
    const down = run('compose', 'down');
    assert.equal(down.code, 0, down.stderr);
  });
});
