import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { lockFromMirror } from './native-project.js';
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { cli, tempProject } from '../helpers.js';
import { findBinary } from '../../src/validators/find-binary.js';
import { missingComponents } from './requirements.js';

/**
 * node-exporter's container as `render compose` describes it (user, read-only root, no
 * capabilities, the host's /proc, /sys and / bound read-only, the --path.* flags), run by
 * podman with the image this project builds (`images: built`): it reports the host, not the container
 * (MemTotal equals the host's /proc/meminfo, the root filesystem is the host's). podman
 * rather than Compose because it needs no engine; the settings are the rendered ones.
 * Port 22911 (this test's range).
 */
const podman = await findBinary('podman');
// Its binary as a user gets it: the release provider, from the end-to-end mirror (requirements.ts).
const missing = await missingComponents([], ['node-exporter']);
const skip = (!podman && 'podman is not installed (scripts/install-deps.sh installs it)') || missing || false;

const NAME = 'gs-e2e-node-exporter-22911';
const dir = tempProject({ 'grafana-stack.config.yaml': 'name: nodecontainer\nimages: built\nnode-exporter: {}\n' });
const mirrorEnv = await lockFromMirror(dir);
writeFileSync(join(dir, 'containers.conf'), '[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\n');
const pm = (...args: string[]) => spawnSync(podman!, args, { encoding: 'utf8', env: { ...process.env, CONTAINERS_CONF: join(dir, 'containers.conf') }, input: '' });
after(() => {
  if (skip) return;
  pm('rm', '-f', NAME);
  rmSync(dir, { recursive: true, force: true });
});

test('node-exporter in a container with the rendered Compose settings reports the host', { skip, timeout: 180_000 }, async () => {
  const built = cli(['images', 'node-exporter', '--out', 'images'], { cwd: dir, env: mirrorEnv });
  assert.equal(built.code, 0, built.stderr);
  assert.equal(pm('load', '-q', '-i', join(dir, 'images/node-exporter.tar')).status, 0);
  assert.equal(cli(['render', 'compose', '--out', 'compose'], { cwd: dir, env: mirrorEnv }).code, 0);
  const svc = (parse(readFileSync(join(dir, 'compose/compose.yaml'), 'utf8')) as { services: Record<string, any> }).services['node-exporter'];
  const binds = (svc.volumes as { type: string; source: string; target: string; read_only?: boolean; bind?: { propagation: string } }[]).filter((v) => v.source.startsWith('/'));
  assert.equal(binds.length, 3);
  pm('rm', '-f', NAME);
  const run = pm(
    'run', '-d', '--name', NAME,
    '--user', svc.user, ...(svc.read_only ? ['--read-only'] : []), '--tmpfs', '/tmp',
    ...svc.cap_drop.flatMap((c: string) => ['--cap-drop', c]),
    ...svc.security_opt.flatMap((o: string) => ['--security-opt', o.replace(':true', '')]),
    ...binds.flatMap((b) => ['-v', `${b.source}:${b.target}:${[b.read_only ? 'ro' : 'rw', b.bind?.propagation].filter(Boolean).join(',')}`]),
    '-p', '127.0.0.1:22911:9100',
    '--entrypoint', svc.entrypoint[0], svc.image, ...svc.command,
  );
  assert.equal(run.status, 0, run.stderr);
  let metrics = '';
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && !metrics.includes('node_memory_MemTotal_bytes')) {
    metrics = await fetch('http://127.0.0.1:22911/metrics').then((r) => r.text(), () => '');
    if (!metrics) await new Promise((r) => setTimeout(r, 250));
  }
  const hostKb = Number(/^MemTotal:\s+(\d+) kB$/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]);
  const reported = Number(/^node_memory_MemTotal_bytes (\S+)$/m.exec(metrics)?.[1]);
  assert.equal(reported, hostKb * 1024, `the host's memory, not a container limit:\n${pm('logs', NAME).stderr}`);
  assert.match(metrics, /^node_filesystem_size_bytes\{[^}]*mountpoint="\/"\} /m, "the host's root filesystem");
  assert.match(metrics, /^node_uname_info\{/m);
  assert.equal(pm('inspect', NAME, '--format', '{{.Config.User}}').stdout.trim(), '65532:65532');
});
