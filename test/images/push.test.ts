import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addEntry } from '../../src/artifacts/store.js';
import { pinImages } from '../../src/artifacts/image-pins.js';
import { ensureImageBase } from '../../src/images/base.js';
import { buildImages, type BuiltImage } from '../../src/images/build.js';
import { PUSHED_FILE } from '../../src/images/image-sources.js';
import { pushImages } from '../../src/images/push.js';
import { RegistryClient } from '../../src/registry/client.js';
import { pushArchive } from '../../src/registry/push.js';
import { planStack } from '../../src/plan/plan.js';
import { resolveStack } from '../../src/resolve/resolve.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';
import { componentBinary } from '../tools/binaries.js';
import { tempProject } from '../helpers.js';
import { startLocalRegistry } from './local-registry.js';

/**
 * `images --push` and `lock`'s digests against a real registry on 127.0.0.1 (the CNCF
 * distribution registry, asking for a password like a private one), read back by skopeo:
 * the image arrives byte for byte (the registry's digest is the one computed at build
 * time), a second push sends no blob, the credentials come from DOCKER_CONFIG, and a
 * wrong or missing password is a clear error. Images from a stand-in artifact, as in
 * images.test.ts.
 */
const go = await componentBinary('go');
const skopeo = await componentBinary('skopeo');
const registry = await startLocalRegistry({ auth: true });
const skip = typeof registry === 'string' ? registry : !go && 'go not installed (the image base builds the probe with it)';
after(() => {
  if (typeof registry !== 'string') registry.stop();
});
const reg = registry as Exclude<typeof registry, string>;
const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';
const version = DEFAULT_VERSIONS.prometheus;

async function built(): Promise<{ images: BuiltImage[]; dir: string }> {
  const store = join(tempProject(), 'store');
  const artifact = await addEntry(store, 'p'.repeat(32), { component: 'prometheus', version, origin: { provider: 'test' } }, async (dir) => {
    writeFileSync(join(dir, 'prometheus'), `stand-in prometheus ${Date.now()}\n`, { mode: 0o755 });
  });
  const base = await ensureImageBase(join(tempProject(), 'base-store'), arch);
  const stack = await resolveStack({});
  const dir = tempProject();
  const images = await buildImages(
    [{ component: 'prometheus', plans: planStack(stack).filter((p) => p.component === 'prometheus'), artifact, locked: { version } }],
    { outDir: dir, base, arch },
  );
  return { images, dir };
}

test('images --push: byte for byte to a registry that asks for a password, once per blob, recorded for render', { skip }, async () => {
  const { images, dir } = await built();
  const state = tempProject();
  const logs: string[] = [];
  const env = { ...process.env, DOCKER_CONFIG: reg.dockerConfig };
  const [pushed] = await pushImages(images, { archiveDir: dir, stateImagesDir: state, registry: `${reg.host}/team`, env, log: (l) => logs.push(l) });
  assert.deepEqual(pushed, { repository: `${reg.host}/team/prometheus`, tag: version, digest: images[0]!.digest, version });
  assert.match(logs[0]!, /pushed 3 blobs \(\d+\.\d MB\), 0 already there/);
  assert.deepEqual(JSON.parse(readFileSync(join(state, PUSHED_FILE), 'utf8')), { prometheus: pushed });

  if (skopeo) {
    const info = JSON.parse(execFileSync(skopeo, ['inspect', '--tls-verify=false', '--creds', `${reg.user}:${reg.password}`, `docker://${reg.host}/team/prometheus:${version}`], { encoding: 'utf8' })) as { Digest: string; Layers: string[]; Labels: Record<string, string> };
    assert.equal(info.Digest, images[0]!.digest, 'the digest the registry serves is the one computed at build time');
    assert.equal(info.Layers.length, 2);
    assert.equal(info.Labels['org.opencontainers.image.title'], 'prometheus');
  }

  const again: string[] = [];
  await pushImages(images, { archiveDir: dir, stateImagesDir: state, registry: `${reg.host}/team`, env, log: (l) => again.push(l) });
  assert.match(again[0]!, /pushed 0 blobs \(0\.0 MB\), 3 already there/);

  const nobody = tempProject();
  await assert.rejects(
    pushImages(images, { archiveDir: dir, stateImagesDir: state, registry: reg.host, env: { ...process.env, DOCKER_CONFIG: nobody, HOME: nobody } }),
    new RegExp(`${reg.host.replace(/\./g, '\\.')} asks for a password and none is stored: \`docker login ${reg.host.replace(/\./g, '\\.')}\``),
  );
  const wrong = join(tempProject(), 'docker');
  mkdirSync(wrong);
  writeFileSync(join(wrong, 'config.json'), JSON.stringify({ auths: { [reg.host]: { auth: Buffer.from(`${reg.user}:nope`).toString('base64') } } }));
  await assert.rejects(pushImages(images, { archiveDir: dir, stateImagesDir: state, registry: reg.host, env: { ...process.env, DOCKER_CONFIG: wrong } }), /refused \(HTTP 401\)/);
});

test('lock reads the official images\' digests from a registry mirroring their paths', { skip }, async () => {
  const { images, dir } = await built();
  const env = { ...process.env, DOCKER_CONFIG: reg.dockerConfig };
  // The stand-in image under the official paths and tags of two components of the default stack.
  const client = new RegistryClient(reg.host, { env });
  await pushArchive(client, join(dir, images[0]!.archive), 'prom/prometheus', `v${version}`);
  await pushArchive(client, join(dir, images[0]!.archive), 'grafana/grafana', DEFAULT_VERSIONS.grafana);
  const logs: string[] = [];
  const pins = await pinImages(await resolveStack({}), undefined, { update: false, mirror: reg.host, env, log: (l) => logs.push(l) });
  assert.deepEqual(pins.prometheus, { ref: 'docker.io/prom/prometheus', tag: `v${version}`, digest: images[0]!.digest });
  assert.deepEqual(pins.grafana, { ref: 'docker.io/grafana/grafana', tag: DEFAULT_VERSIONS.grafana, digest: images[0]!.digest });
  // Loki and Tempo are not in this registry: left unpinned, each saying why.
  assert.equal(pins.loki, undefined);
  assert.match(logs.join('\n'), new RegExp(`loki: not pinning ${reg.host.replace(/\./g, '\\.')}/grafana/loki:\\S+: .*does not exist`));
});
