import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RegistryClient } from '../registry/client.js';
import { pushArchive } from '../registry/push.js';
import { parseRegistryPrefix } from '../registry/reference.js';
import type { BuiltImage } from './build.js';
import { mb } from './build.js';
import type { PushedImage } from './image-refs.js';
import { PUSHED_FILE, readPushed } from './image-sources.js';
import { byCodeUnits } from '../core/compare.js';

/**
 * Pushes each built image to `REGISTRY[/path]/<component>:<version>` and records where it
 * went (repository, tag, digest) in `<stateImagesDir>/pushed.json`, merged with earlier
 * pushes of other components. Blobs the registry has are not sent again.
 */
export async function pushImages(
  images: readonly BuiltImage[],
  o: { archiveDir: string; stateImagesDir: string; registry: string; env?: NodeJS.ProcessEnv; log?: (line: string) => void },
): Promise<PushedImage[]> {
  const { registry, path } = parseRegistryPrefix(o.registry);
  const client = new RegistryClient(registry, o.env ? { env: o.env } : {});
  const out: PushedImage[] = [];
  for (const image of images) {
    const repositoryPath = [path, image.component].filter(Boolean).join('/');
    const tag = image.ref.slice(image.ref.lastIndexOf(':') + 1);
    const started = Date.now();
    const r = await pushArchive(client, join(o.archiveDir, image.archive), repositoryPath, tag);
    const pushed: PushedImage = { repository: `${registry}/${repositoryPath}`, tag, digest: r.digest, version: tag };
    out.push(pushed);
    o.log?.(
      `${pushed.repository}:${tag}@${r.digest}: pushed ${r.uploaded} blob${r.uploaded === 1 ? '' : 's'} (${mb(r.bytes)}), ${r.present} already there (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  }
  await recordPushes(o.stateImagesDir, out, images.map((i) => i.component));
  return out;
}

async function recordPushes(dir: string, pushed: readonly PushedImage[], components: readonly string[]): Promise<void> {
  const all = await readPushed(dir);
  components.forEach((c, i) => (all[c] = pushed[i]!));
  await mkdir(dir, { recursive: true });
  const file = join(dir, PUSHED_FILE);
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, `${JSON.stringify(Object.fromEntries(Object.entries(all).sort(([a], [b]) => byCodeUnits(a, b))), null, 2)}\n`);
  await rename(tmp, file);
}
