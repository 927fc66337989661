import { copyFile, mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { StackError } from '../core/errors.js';

/**
 * Unpacks a downloaded asset into `into`: a tar.gz, a zip, or a bare binary (Mimir
 * publishes those), told apart by their first bytes rather than by a name, since some
 * downloads have none (a plugin's `/download` URL). A bare binary is placed under `name`.
 */
export async function extractArchive(file: string, into: string, name: string): Promise<void> {
  const kind = await sniff(file);
  if (kind === 'gzip') {
    const tar = await import('tar');
    // Never write outside `into`: node-tar strips absolute paths and `..`, and refuses to
    // write through a symbolic link it extracted.
    await tar.x({ file, cwd: into, strict: true });
    return;
  }
  if (kind === 'zip') {
    const { unzipSync } = await import('fflate');
    const files = unzipSync(new Uint8Array(await readFile(file)));
    for (const [entry, data] of Object.entries(files)) {
      if (entry.endsWith('/')) continue;
      const target = resolve(into, entry);
      if (!target.startsWith(into + sep)) throw new StackError(`${name}: entry ${entry} points outside the archive`, [], 3);
      await mkdir(dirname(target), { recursive: true });
      // fflate does not keep modes: Grafana backend plugins' executables are named gpx_*.
      await writeFile(target, data, { mode: /(^|\/)gpx_[^/]*$/.test(entry) ? 0o755 : 0o644 });
    }
    return;
  }
  if (!/^[\w.+-]+$/.test(name)) throw new StackError(`${name}: not a usable file name for a bare binary`, [], 3);
  await copyFile(file, join(into, name));
}

async function sniff(file: string): Promise<'gzip' | 'zip' | 'other'> {
  const fh = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await fh.read(Buffer.alloc(4), 0, 4, 0);
    if (bytesRead >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b) return 'gzip';
    if (bytesRead >= 4 && buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04) return 'zip';
    return 'other';
  } finally {
    await fh.close();
  }
}
