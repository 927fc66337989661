import { existsSync } from 'node:fs';
import { chmod, copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { StackError } from '../../core/errors.js';
import { downloadVerified, type DownloadOptions } from '../download.js';
import { addEntry, findEntry, storeKey, verifyEntry, type StoreEntry } from '../store.js';

/** An official release archive, as pinned in the lock file for one platform. */
export interface ReleaseArtifact {
  readonly url: string;
  readonly sha256: string;
  /** Binary name in the store -> path inside the archive (a first segment `*` matches the one top directory). */
  readonly binaries: Readonly<Record<string, string>>;
  /** Directory in the store -> directory inside the archive, copied whole. */
  readonly assets?: Readonly<Record<string, string>>;
}

export interface ReleaseFetchOptions extends DownloadOptions {
  readonly storeDir: string;
  readonly component: string;
  readonly version: string;
  /** Base URL of a mirror (air-gapped sites): the artifact's URL path is appended to it. */
  readonly mirror?: string;
}

/** The URL actually fetched: the pinned one, or the same path under the mirror. */
export function releaseUrl(url: string, mirror?: string): string {
  if (!mirror) return url;
  return `${mirror.replace(/\/+$/, '')}${new URL(url).pathname}`;
}

/** Downloads (or reuses) a release archive, verifies it, and stores its binaries. */
export async function fetchRelease(a: ReleaseArtifact, o: ReleaseFetchOptions): Promise<StoreEntry> {
  const key = storeKey({ provider: 'release', sha256: a.sha256, binaries: a.binaries, ...(a.assets ? { assets: a.assets } : {}) });
  const existing = findEntry(o.storeDir, key, o.component, o.version);
  if (existing) return verifyEntry(existing);
  const url = releaseUrl(a.url, o.mirror);
  const archive = join(o.storeDir, '.downloads', `${a.sha256}-${basename(new URL(a.url).pathname)}`);
  await downloadVerified(url, archive, a.sha256, o);
  const entry = await addEntry(o.storeDir, key, { component: o.component, version: o.version, origin: { provider: 'release', url: a.url, sha256: a.sha256 } }, async (dir) => {
    const work = await mkdtemp(join(o.storeDir, '.extract-'));
    try {
      await extract(archive, work);
      for (const [name, inner] of Object.entries(a.binaries)) {
        try {
          await copyFile(await inArchive(work, inner), join(dir, name));
        } catch {
          throw new StackError(`${a.url}: the archive has no ${inner} (pinned as the ${name} binary)`);
        }
        await chmod(join(dir, name), 0o755);
      }
      for (const [name, inner] of Object.entries(a.assets ?? {})) {
        const from = await inArchive(work, inner);
        if (!existsSync(from)) throw new StackError(`${a.url}: the archive has no ${inner} (pinned as the ${name} directory)`);
        await cp(from, join(dir, name), { recursive: true });
      }
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
  await rm(archive, { force: true });
  return entry;
}

/** A path inside the extracted archive; a first segment `*` stands for its single top directory. */
async function inArchive(work: string, inner: string): Promise<string> {
  if (!inner.startsWith('*/')) return join(work, inner);
  const tops = (await readdir(work, { withFileTypes: true })).filter((e) => e.isDirectory());
  if (tops.length !== 1) throw new StackError(`expected one top directory in the archive for ${inner}, found ${tops.map((t) => t.name).join(', ') || 'none'}`);
  return join(work, tops[0]!.name, inner.slice(2));
}

async function extract(archive: string, into: string): Promise<void> {
  if (/\.(tar\.gz|tgz)$/.test(archive)) {
    const tar = await import('tar');
    // Never write outside `into`: node-tar strips absolute paths and `..` by default.
    await tar.x({ file: archive, cwd: into, strict: true });
    return;
  }
  const bytes = new Uint8Array(await readFile(archive));
  // Zip by name or by its magic bytes (Grafana plugin downloads are URLs ending in /download).
  if (archive.endsWith('.zip') || (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) {
    const { unzipSync } = await import('fflate');
    const files = unzipSync(bytes);
    for (const [name, data] of Object.entries(files)) {
      if (name.endsWith('/')) continue;
      const target = resolve(into, name);
      if (!target.startsWith(into + sep)) throw new StackError(`${archive}: entry ${name} points outside the archive`);
      await mkdir(dirname(target), { recursive: true });
      // fflate does not keep modes: Grafana backend plugins' executables are named gpx_*.
      await writeFile(target, data, { mode: /(^|\/)gpx_[^/]*$/.test(name) ? 0o755 : 0o644 });
    }
    return;
  }
  throw new StackError(`${archive}: unsupported archive type (expected .tar.gz or .zip)`);
}
