import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extract, list } from 'tar';
import { addEntry } from '../../src/artifacts/store.js';
import { ensureImageBase } from '../../src/images/base.js';
import { buildImages, type ImageInput } from '../../src/images/build.js';
import { planStack } from '../../src/plan/plan.js';
import { resolveStack } from '../../src/resolve/resolve.js';
import { componentBinary } from '../tools/binaries.js';
import { tempProject } from '../helpers.js';

/**
 * Images from a stand-in artifact (so this runs without the real components), on the real
 * base layer (CA bundle from its Go module, the toolchain's tzdata, the probe built with
 * Go), read back by the tools that consume OCI images: skopeo and umoci.
 */
const skopeo = await componentBinary('skopeo');
const umoci = await componentBinary('umoci');
const go = await componentBinary('go');
const arch = process.arch === 'arm64' ? 'arm64' : 'amd64';

async function fixture(binary = 'fake loki binary\n') {
  const store = join(tempProject(), 'store');
  const artifact = await addEntry(store, 'k'.repeat(32), { component: 'loki', version: '3.7.8', origin: { provider: 'test' } }, async (dir) => {
    writeFileSync(join(dir, 'loki'), binary, { mode: 0o755 });
    writeFileSync(join(dir, 'lokitool'), 'another binary\n', { mode: 0o755 });
    mkdirSync(join(dir, 'conf'));
    writeFileSync(join(dir, 'conf', 'defaults.ini'), '[paths]\n');
  });
  const base = await ensureImageBase(join(tempProject(), 'base-store'), arch);
  const stack = await resolveStack({});
  const input: ImageInput = {
    component: 'loki',
    plans: planStack(stack).filter((p) => p.component === 'loki'),
    artifact,
    locked: { version: '3.7.8', source: { module: 'github.com/prometheus/alertmanager', version: 'v0.35.0', sum: `h1:${'A'.repeat(43)}=`, packages: { loki: './cmd/loki' } } },
  };
  return { input, base };
}

test('two builds of an image give the same digest and the same bytes; a changed input changes it', { skip: !go && 'go not installed (the base layer builds the probe with it)' }, async () => {
  const { input, base } = await fixture();
  const a = tempProject();
  const b = tempProject();
  const [imgA] = await buildImages([input], { outDir: a, base, arch });
  const [imgB] = await buildImages([input], { outDir: b, base, arch });
  assert.equal(imgA!.digest, imgB!.digest);
  assert.equal(imgA!.imageId, imgB!.imageId);
  assert.deepEqual(readFileSync(join(a, 'loki.tar')), readFileSync(join(b, 'loki.tar')));
  assert.equal(imgA!.ref, 'localhost/grafana-stack/loki:3.7.8');

  const logs: string[] = [];
  const [again] = await buildImages([input], { outDir: a, base, arch, log: (l) => logs.push(l) });
  assert.equal(again!.digest, imgA!.digest);
  assert.match(logs.join('\n'), /up to date/);

  const changed = await fixture('fake loki binary, patched\n');
  const [imgC] = await buildImages([changed.input], { outDir: tempProject(), base, arch });
  assert.notEqual(imgC!.digest, imgA!.digest);
});

test('the archive is a docker-loadable, OCI layout with only what the component needs', { skip: !go && 'go not installed' }, async () => {
  const { input, base } = await fixture();
  const out = tempProject();
  const [img] = await buildImages([input], { outDir: out, base, arch });
  const layout = join(tempProject(), 'layout');
  mkdirSync(layout);
  await extract({ file: join(out, 'loki.tar'), cwd: layout });
  const docker = JSON.parse(readFileSync(join(layout, 'manifest.json'), 'utf8')) as { Config: string; RepoTags: string[]; Layers: string[] }[];
  assert.deepEqual(docker[0]!.RepoTags, ['localhost/grafana-stack/loki:3.7.8']);
  const config = JSON.parse(readFileSync(join(layout, docker[0]!.Config), 'utf8')) as { config: { User: string; Entrypoint: string[]; Labels: Record<string, string> }; created: string };
  assert.equal(`sha256:${docker[0]!.Config.split('/').pop()}`, img!.imageId);
  assert.equal(config.config.User, '65532:65532');
  assert.deepEqual(config.config.Entrypoint, ['/opt/loki/loki']);
  assert.equal(config.created, '1970-01-01T00:00:00Z');
  assert.equal(config.config.Labels['org.opencontainers.image.source'], 'https://github.com/prometheus/alertmanager');
  assert.equal(config.config.Labels['org.opencontainers.image.version'], '3.7.8');
  assert.equal(config.config.Labels['org.opencontainers.image.revision'], 'v0.35.0');

  const files = new Map<string, { mode: number; uid: number }>();
  for (const layer of docker[0]!.Layers) {
    await list({ file: join(layout, layer), onReadEntry: (e) => files.set(e.path.replace(/\/$/, ''), { mode: e.mode ?? 0, uid: e.uid ?? -1 }) });
  }
  assert.match(readFileSync(join(layout, docker[0]!.Layers[0]!)).toString('latin1'), /nonroot:x:65532:65532/);
  assert.equal(files.get('tmp')!.mode & 0o7777, 0o1777);
  assert.equal(files.get('var/lib/loki')!.uid, 65532);
  assert.equal(files.get('opt/loki/loki')!.mode & 0o777, 0o755);
  assert.ok(files.has('opt/loki/conf/defaults.ini'));
  assert.ok(files.has('etc/ssl/certs/ca-certificates.crt'));
  assert.ok(files.has('usr/share/zoneinfo/Europe/Paris'));
  assert.ok(files.has('usr/bin/grafana-stack-probe'));
  assert.ok(!files.has('opt/loki/lokitool'), 'other binaries of the artifact stay out');
  for (const p of ['bin/sh', 'usr/bin/sh', 'bin/busybox', 'usr/bin/apt', 'sbin/apk']) assert.ok(!files.has(p), `${p} is in the image`);
});

test('skopeo reads the archive as an OCI image', { skip: (!go && 'go not installed') || (!skopeo && 'skopeo not installed (scripts/install-deps.sh installs it)') }, async () => {
  const { input, base } = await fixture();
  const out = tempProject();
  const [img] = await buildImages([input], { outDir: out, base, arch });
  const info = JSON.parse(execFileSync(skopeo!, ['inspect', `oci-archive:${join(out, 'loki.tar')}`], { encoding: 'utf8' })) as { Digest: string; Labels: Record<string, string>; Os: string; Layers: string[] };
  assert.equal(info.Digest, img!.digest);
  assert.equal(info.Os, 'linux');
  assert.equal(info.Layers.length, 2);
  assert.equal(info.Labels['org.opencontainers.image.title'], 'loki');
});

test('umoci unpacks the OCI layout into a root filesystem', { skip: (!go && 'go not installed') || (!umoci && 'umoci not installed (scripts/install-deps.sh installs it)') }, async () => {
  const { input, base } = await fixture();
  const out = tempProject();
  await buildImages([input], { outDir: out, base, arch });
  const work = tempProject();
  await extract({ file: join(out, 'loki.tar'), cwd: work });
  const bundle = join(work, 'bundle');
  const r = spawnSync(umoci!, ['unpack', '--rootless', '--image', `${work}:3.7.8`, bundle], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const rootfs = join(bundle, 'rootfs');
  assert.match(readFileSync(join(rootfs, 'etc/passwd'), 'utf8'), /^nonroot:x:65532:65532:/m);
  assert.equal(statSync(join(rootfs, 'tmp')).mode & 0o7777, 0o1777);
  assert.ok(statSync(join(rootfs, 'opt/loki/loki')).mode & 0o100);
  assert.ok(!existsSync(join(rootfs, 'bin/sh')));
  assert.ok(lstatSync(join(rootfs, 'usr/share/zoneinfo/UTC')).isFile());
  const runtime = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8')) as { process: { user: { uid: number }; args: string[] } };
  assert.equal(runtime.process.user.uid, 65532);
  assert.deepEqual(runtime.process.args, ['/opt/loki/loki']);
});
