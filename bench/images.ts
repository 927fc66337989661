/**
 * `npm run bench` (third part): the images and the Compose deployment. Image build time
 * (fresh output directory, then unchanged), each image's size next to its binary's,
 * uncompressed and gzip-compressed (what a registry would store), the whole stack against
 * docker-otel-lgtm's single 475 MB compressed image, and, with a Docker engine, `compose
 * up` to all healthy on fresh volumes, with those images (the official ones cannot be pulled
 * everywhere the bench runs). Needs the pinned binaries in the store.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { ensureDockerEngine } from '../test/e2e/docker-engine.js';
import { readImagesIndex } from '../src/images/build.js';
import { benchProject, requireComponents } from './project.js';

const LGTM_COMPRESSED_MB = 475;
const STACK = 'bench-compose';
const CONFIG = `name: ${STACK}
images: built
grafana: false
loki: false
tempo: false
prometheus: { port: 49090 }
alertmanager: { port: 49093 }
node-exporter: { port: 49100 }
`;

await requireComponents('images');
const { dir, cli } = await benchProject('gs-bench-images-', CONFIG);
const docker = (...args: string[]) => spawnSync('docker', args, { encoding: 'utf8' });

async function gzipSize(file: string): Promise<number> {
  let size = 0;
  await pipeline(createReadStream(file), createGzip({ level: 6 }), new Writable({ write: (chunk: Buffer, _e, cb) => ((size += chunk.length), cb()) }));
  return size;
}

const mb = (b: number) => `${(b / 1e6).toFixed(1)} MB`;
try {
  const out = join(dir, 'images');
  const cold = cli('images', '--out', out);
  const warm = cli('images', '--out', out);
  const index = await readImagesIndex(out);
  console.log('\nimages (uncompressed layers; gzip -6 of the archive is what a registry stores)');
  console.log('| image | binary | image | image, gzip |');
  console.log('| --- | ---: | ---: | ---: |');
  let total = 0;
  let totalGz = 0;
  for (const image of Object.values(index)) {
    const gz = await gzipSize(join(out, image.archive));
    total += image.size;
    totalGz += gz;
    console.log(`| ${image.ref} | ${mb(image.binarySize)} | ${mb(image.size)} | ${mb(gz)} |`);
  }
  console.log(`| whole stack (base layer counted once per image) | | ${mb(total)} | ${mb(totalGz)} |`);
  console.log(`docker-otel-lgtm, one image: ${LGTM_COMPRESSED_MB} MB compressed (Grafana, Prometheus, Loki, Tempo, ...); ours: ${mb(totalGz)} for ${Object.values(index).map((i) => i.ref.replace(/^.*\/([^/:]+):.*$/, "$1")).join(", ")} (the AGPL components are never built: they run from their official images)`);
  console.log(`build all images, fresh output dir: ${(cold.ms / 1000).toFixed(1)} s; unchanged: ${(warm.ms / 1000).toFixed(1)} s`);

  const noEngine = await ensureDockerEngine();
  if (noEngine) {
    console.log(`compose benchmark left out: ${noEngine}`);
  } else {
    const load = cli('images', '--load');
    const up = cli('compose', 'up');
    cli('verify');
    cli('compose', 'down');
    const again = cli('compose', 'up');
    cli('compose', 'down');
    console.log(`images --load (build unchanged, load what the engine lacks): ${(load.ms / 1000).toFixed(1)} s`);
    console.log(`compose up to all healthy, fresh volumes: ${(up.ms / 1000).toFixed(1)} s; again with data: ${(again.ms / 1000).toFixed(1)} s`);
  }
} finally {
  const vols = docker('volume', 'ls', '-q', '--filter', `name=${STACK}_`).stdout?.split('\n').filter(Boolean) ?? [];
  if (vols.length) docker('volume', 'rm', ...vols);
  rmSync(dir, { recursive: true, force: true });
}
