import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'fflate';
import { withParents, writeTar } from '../images/tar-writer.js';
import type { OutputFile } from '../targets/target.js';

/**
 * A rendered output as a reproducible `.tar.gz`: entries under `<prefix>/`, sorted, epoch
 * mtimes, root owners (the deterministic tar of the image layers), gzip without a
 * timestamp or name. fflate compresses in JavaScript, so the bytes do not depend on the
 * zlib Node was built with: the same definition gives the same archive on every machine.
 */
export async function buildArchive(files: readonly OutputFile[], prefix: string): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'grafana-stack-archive-'));
  try {
    const tar = join(dir, 'out.tar');
    await writeTar(tar, withParents(files.map((f) => ({ type: 'file' as const, path: `${prefix}/${f.path}`, mode: f.mode ?? 0o644, content: Buffer.from(f.content) }))));
    return gzipSync(await readFile(tar), { level: 9, mtime: 0 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Writes {@link buildArchive}'s bytes to `file` (through a temporary sibling, so never half a file). */
export async function writeArchive(file: string, files: readonly OutputFile[], prefix: string): Promise<{ size: number }> {
  const gz = await buildArchive(files, prefix);
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, gz);
    await rename(tmp, file);
    return { size: gz.length };
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
