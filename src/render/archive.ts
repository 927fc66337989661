import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { gzipSync } from 'fflate';
import { withParents, writeTar } from '../images/tar-writer.js';
import type { OutputFile } from '../targets/target.js';

/**
 * Writes a rendered output as a reproducible `.tar.gz`: entries under `<prefix>/`, sorted,
 * epoch mtimes, root owners (the deterministic tar of the image layers), gzip without a
 * timestamp or name. fflate compresses in JavaScript, so the bytes do not depend on the
 * zlib Node was built with: the same definition gives the same archive on every machine.
 */
export async function writeArchive(file: string, files: readonly OutputFile[], prefix: string): Promise<{ size: number }> {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    await writeTar(tmp, withParents(files.map((f) => ({ type: 'file' as const, path: `${prefix}/${f.path}`, mode: f.mode ?? 0o644, content: Buffer.from(f.content) }))));
    const gz = gzipSync(await readFile(tmp), { level: 9, mtime: 0 });
    await writeFile(tmp, gz);
    await rename(tmp, file);
    return { size: gz.length };
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
