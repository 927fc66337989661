import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { cli, readManifests, tempProject } from '../helpers.js';
import { findBinary } from '../../src/validators/find-binary.js';
import { missingComponents } from './requirements.js';
import { lockFromMirror } from './native-project.js';
import { forPodman, type Obj } from './podman-play.js';

/**
 * The runtime smoke test of the Kubernetes manifests: `podman kube play` (Debian's podman,
 * runc and cgroupfs as DESIGN.md says) runs the rendered workloads with the images this
 * project built, and each pod's readiness endpoint answers. What podman 4.3 cannot play
 * as rendered is reshaped in podman-play.ts, each change with its reason.
 */
const STACK = 'e2e-podman';
const podman = await findBinary('podman');
const missing = await missingComponents();
const skip = missing ?? (!podman && 'podman is not installed (scripts/install-deps.sh installs it)');

const dir = tempProject({ 'grafana-stack.config.yaml': `name: ${STACK}\n` });
const mirrorEnv = await lockFromMirror(dir);
// runc and cgroupfs (no systemd here), no default ulimits (the sandbox refuses raising them).
writeFileSync(join(dir, 'containers.conf'), '[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\n');
const env = { ...process.env, CONTAINERS_CONF: join(dir, 'containers.conf') };
const pm = (...args: string[]) => spawnSync(podman!, args, { encoding: 'utf8', env, input: '' });
const playFile = join(dir, 'play.yaml');
let cleanup: { volumes: string[]; secrets: string[] } = { volumes: [], secrets: [] };

function down(): void {
  pm('kube', 'down', playFile);
  if (cleanup.volumes.length) pm('volume', 'rm', '-f', ...cleanup.volumes); // kube down keeps them
  for (const s of cleanup.secrets) pm('secret', 'rm', s);
}

after(() => {
  if (skip) return;
  down();
  rmSync(dir, { recursive: true, force: true });
});

test('podman kube play runs the rendered workloads with our images; every readiness endpoint answers', { skip, timeout: 600_000 }, async () => {
  const built = cli(['images', '--out', 'images'], { cwd: dir, env: mirrorEnv });
  assert.equal(built.code, 0, built.stderr);
  for (const tar of readdirSync(join(dir, 'images')).filter((f) => f.endsWith('.tar'))) {
    const r = pm('load', '-q', '-i', join(dir, 'images', tar));
    assert.equal(r.status, 0, r.stderr);
  }
  const rendered = cli(['render', 'kubernetes', '--out', 'k8s'], { cwd: dir });
  assert.equal(rendered.code, 0, rendered.stderr);
  const play = forPodman(readManifests<Obj>(join(dir, 'k8s')), 39600);
  writeFileSync(playFile, play.objects.map((o) => stringify(o)).join('---\n'));
  cleanup = { volumes: play.volumes, secrets: play.secrets.map((s) => s.name) };
  down(); // what an interrupted run left

  for (const s of play.secrets) {
    // podman keeps a played secret as a Kubernetes Secret document; its data is written to the files as is.
    const data = Object.fromEntries(s.files.map((f) => [f.file, `e2e-${f.key}-${Math.random().toString(36).slice(2)}`]));
    // From a private file: podman reads `-` only from a FIFO, and node's stdin pipes are sockets.
    const file = join(dir, `${s.name}.secret`);
    writeFileSync(file, stringify({ data }), { mode: 0o600 });
    const r = pm('secret', 'create', s.name, file);
    rmSync(file);
    assert.equal(r.status, 0, r.stderr);
  }
  const started = Date.now();
  const r = pm('kube', 'play', playFile);
  assert.equal(r.status, 0, r.stdout + r.stderr);

  const pending = new Set(play.ready.map((x) => x.service));
  while (pending.size && Date.now() - started < 180_000) {
    for (const { service, url } of play.ready) {
      if (!pending.has(service)) continue;
      const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then((res) => res.ok, () => false);
      if (ok) pending.delete(service);
    }
    if (pending.size) await new Promise((res) => setTimeout(res, 500));
  }
  const logs = [...pending].map((s) => `--- ${s}\n${pm('logs', '--tail', '20', `${s}-pod-0-${s}`).stderr}`).join('\n');
  assert.deepEqual([...pending], [], `not ready after 180 s:\n${logs}`);
  console.log(`# podman: ${play.ready.length} pods ready ${((Date.now() - started) / 1000).toFixed(1)} s after kube play`);

  // The securityContext is enforced, not only accepted: nonroot, no capabilities, read-only root.
  for (const { service } of play.ready) {
    const name = `${service}-pod-0-${service}`;
    const inspect = JSON.parse(pm('inspect', name).stdout)[0];
    assert.equal(inspect.Config.User, '65532:65532', `${name}: user`);
    assert.equal(inspect.HostConfig.ReadonlyRootfs, true, `${name}: read-only root`);
    assert.ok('EffectiveCaps' in inspect, `${name}: podman reports capabilities`);
    assert.deepEqual(inspect.EffectiveCaps ?? [], [], `${name}: no capability left`);
    assert.ok(inspect.HostConfig.CapDrop.length > 0, `${name}: capabilities dropped`);
  }
});
