import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { cli, readManifests, tempProject } from '../helpers.js';
import { findBinary } from '../../src/validators/find-binary.js';
import { missingComponents } from './requirements.js';
import { lockFromMirror } from './native-project.js';
import { forPodman, type Obj } from './podman-play.js';
import { startLocalRegistry } from '../images/local-registry.js';

/**
 * The project's own images through a registry to a runtime, as a cluster gets them:
 * `images --push` to a real registry on 127.0.0.1 (the CNCF distribution registry, with
 * a password), `render kubernetes` with `images: built` referencing the pushed digests,
 * podman pulling an image by digest, and `podman kube play` (Debian's podman, runc and
 * cgroupfs as DESIGN.md says) running the rendered workloads, pulled from that registry;
 * each pod's readiness endpoint answers. The stack is the components that run here
 * (Prometheus, Alertmanager, the proxy). What podman 4.3 cannot play as rendered is
 * reshaped in podman-play.ts, each change with its reason.
 */
const STACK = 'e2e-podman';
const COMPONENTS = ['alertmanager', 'prometheus', 'proxy'];
const podman = await findBinary('podman');
const missing = await missingComponents([], ['prometheus', 'alertmanager', 'proxy']);
const registry = missing || !podman ? undefined : await startLocalRegistry({ auth: true });
const skip = missing ?? (!podman && 'podman is not installed (scripts/install-deps.sh installs it)') ?? (typeof registry === 'string' ? registry : false);

const dir = tempProject({ 'grafana-stack.config.yaml': `name: ${STACK}\nimages: built\ngrafana: false\nloki: false\ntempo: false\nprometheus: {}\nalertmanager: {}\nproxy: {}\n` });
const mirrorEnv = skip ? {} : await lockFromMirror(dir);
// runc and cgroupfs (no systemd here), no default ulimits (the sandbox refuses raising them).
writeFileSync(join(dir, 'containers.conf'), '[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\ncgroup_manager = "cgroupfs"\n');
const env = { ...process.env, CONTAINERS_CONF: join(dir, 'containers.conf') };
const pm = (...args: string[]) => spawnSync(podman!, args, { encoding: 'utf8', env, input: '' });
const playFile = join(dir, 'play.yaml');
let cleanup: { volumes: string[]; secrets: string[]; images: string[] } = { volumes: [], secrets: [], images: [] };

function down(): void {
  pm('kube', 'down', playFile);
  if (cleanup.volumes.length) pm('volume', 'rm', '-f', ...cleanup.volumes); // kube down keeps them
  for (const s of cleanup.secrets) pm('secret', 'rm', s);
}

after(() => {
  if (skip) return;
  down();
  if (cleanup.images.length) pm('rmi', '-f', ...cleanup.images);
  if (typeof registry === 'object') registry.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('images --push to a registry, render kubernetes by digest, podman pulls and kube play runs them from the registry', { skip, timeout: 900_000 }, async () => {
  const reg = registry as Exclude<typeof registry, string | undefined>;
  const authfile = join(reg.dockerConfig, 'config.json');
  const registryFlags = ['--tls-verify=false', '--authfile', authfile];

  let started = Date.now();
  const pushed = cli(['images', '--push', reg.host], { cwd: dir, env: { ...mirrorEnv, DOCKER_CONFIG: reg.dockerConfig } });
  assert.equal(pushed.code, 0, pushed.stderr);
  console.log(`images --push: ${((Date.now() - started) / 1000).toFixed(1)} s\n${pushed.stdout.trim()}\n${pushed.stderr.trim()}`);
  const refs = new Map([...pushed.stdout.matchAll(/^pushed (\S+\/([a-z-]+)):(\S+)@(sha256:[0-9a-f]{64})$/gm)].map((m) => [m[2]!, { repository: m[1]!, tag: m[3]!, digest: m[4]! }]));
  assert.deepEqual([...refs.keys()].sort(), COMPONENTS);
  for (const [c, r] of refs) assert.equal(r.repository, `${reg.host}/${c}`);

  const rendered = cli(['render', 'kubernetes', '--out', 'k8s'], { cwd: dir, env: mirrorEnv });
  assert.equal(rendered.code, 0, rendered.stderr);
  assert.doesNotMatch(rendered.stderr, /by tag only/);
  const objects = readManifests<Obj>(join(dir, 'k8s'));
  for (const w of objects.filter((o) => o.kind === 'StatefulSet' || o.kind === 'Deployment')) {
    const r = refs.get(w.metadata.name)!;
    assert.equal(w.spec.template.spec.containers[0].image, `${r.repository}:${r.tag}@${r.digest}`, w.metadata.name);
  }
  cleanup.images = [...refs.values()].map((r) => `${r.repository}:${r.tag}`);
  pm('rmi', '-f', ...cleanup.images); // what an interrupted run left: every image comes from the registry

  // One image pulled by its digest alone, as a node pulls `image@digest`.
  const prom = refs.get('prometheus')!;
  started = Date.now();
  const pull = pm('pull', ...registryFlags, `${prom.repository}@${prom.digest}`);
  assert.equal(pull.status, 0, pull.stderr);
  console.log(`podman pull by digest: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const inspected = JSON.parse(pm('image', 'inspect', `${prom.repository}@${prom.digest}`).stdout)[0] as { Digest: string; Config: { User: string } };
  assert.equal(inspected.Digest, prom.digest);
  assert.equal(inspected.Config.User, '65532:65532');

  // Below Linux's ephemeral ports (32768 up): one of 39600 up was once a client connection's, and the pod could not bind it.
  const play = forPodman(objects, 26600);
  writeFileSync(playFile, play.objects.map((o) => stringify(o)).join('---\n'));
  cleanup = { ...cleanup, volumes: play.volumes, secrets: play.secrets.map((s) => s.name) };
  down(); // what an interrupted run left
  assert.deepEqual(play.secrets, [], 'no secrets in this stack');

  started = Date.now();
  const r = pm('kube', 'play', ...registryFlags, playFile);
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
  console.log(`podman kube play: ${play.ready.length} pods ready ${((Date.now() - started) / 1000).toFixed(1)} s after kube play (pulling two images from the registry)`);

  // Each container runs the pushed image, and the securityContext is enforced, not only accepted.
  for (const { service } of play.ready) {
    const name = `${service}-pod-0-${service}`;
    const c = JSON.parse(pm('inspect', name).stdout)[0];
    const image = JSON.parse(pm('image', 'inspect', c.Image).stdout)[0] as { Digest: string };
    assert.equal(image.Digest, refs.get(service)!.digest, `${name}: the pushed image`);
    assert.equal(c.Config.User, '65532:65532', `${name}: user`);
    assert.equal(c.HostConfig.ReadonlyRootfs, true, `${name}: read-only root`);
    assert.ok('EffectiveCaps' in c, `${name}: podman reports capabilities`);
    assert.deepEqual(c.EffectiveCaps ?? [], [], `${name}: no capability left`);
    assert.ok(c.HostConfig.CapDrop.length > 0, `${name}: capabilities dropped`);
  }
});
