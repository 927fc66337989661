import { existsSync } from 'node:fs';
import { chmod, copyFile, cp, mkdir, readdir, realpath, rm } from 'node:fs/promises';
import { basename, join, relative, sep } from 'node:path';
import { StackError } from '../../core/errors.js';
import { downloadVerified, type DownloadOptions, type PinnedHash } from '../download.js';
import { extractArchive } from '../extract.js';
import type { AssetPin, ReleasePin } from '../lockfile.js';
import { release, scratchDir } from '../scratch.js';
import { addEntry, findEntry, storeKey, verifyEntry, type StoreEntry } from '../store.js';
import { downloadError, mirrorUrl } from '../transport.js';

export interface ReleaseFetchOptions extends DownloadOptions {
  readonly storeDir: string;
  readonly component: string;
  readonly version: string;
  /** A mirror of upstream's files (see transport.ts). */
  readonly mirror?: string;
}

/** The hash an asset is pinned by (sha256, or sha512 where that is all upstream publishes). */
export function pinnedHash(a: Pick<AssetPin, 'sha256' | 'sha512'>): PinnedHash {
  if (a.sha256) return { algorithm: 'sha256', hex: a.sha256 };
  if (a.sha512) return { algorithm: 'sha512', hex: a.sha512 };
  throw new StackError('a release pin has neither sha256 nor sha512', [], 3);
}

/** The store key of a pinned release: the bytes of every asset and where its files go. */
export function releaseStoreKey(pin: ReleasePin): string {
  const asset = (a: AssetPin) => ({ ...pinnedHashField(a), binaries: a.binaries, ...(a.assets ? { assets: a.assets } : {}), ...(a.exclude ? { exclude: a.exclude } : {}) });
  return storeKey({ provider: 'release', ...asset(pin), ...(pin.tools?.length ? { tools: pin.tools.map(asset) } : {}) });
}

function pinnedHashField(a: AssetPin): Record<string, string> {
  const h = pinnedHash(a);
  return { [h.algorithm]: h.hex };
}

/**
 * Downloads (or reuses) a platform's release assets, verifies each against its pinned
 * hash, and stores the binaries and asset directories. Downloads land in the store's
 * `.downloads/` and are deleted once stored.
 */
export async function fetchRelease(pin: ReleasePin, o: ReleaseFetchOptions): Promise<StoreEntry> {
  const key = releaseStoreKey(pin);
  const existing = findEntry(o.storeDir, key, o.component, o.version);
  if (existing) return verifyEntry(existing);
  const assets = [pin, ...(pin.tools ?? [])];
  const files: string[] = [];
  for (const a of assets) {
    const h = pinnedHash(a);
    const file = join(o.storeDir, '.downloads', `${h.hex.slice(0, 32)}-${basename(new URL(a.url).pathname)}`);
    try {
      await downloadVerified(mirrorUrl(a.url, o.mirror), file, h, o);
    } catch (e) {
      throw downloadError(o.component, e);
    }
    files.push(file);
  }
  const origin = { provider: 'release', url: pin.url, ...pinnedHashField(pin) };
  const entry = await addEntry(o.storeDir, key, { component: o.component, version: o.version, origin }, async (dir) => {
    const work = await scratchDir(o.storeDir, 'extract');
    try {
      for (const [i, a] of assets.entries()) {
        const into = join(work, String(i));
        await mkdir(into);
        await extractArchive(files[i]!, into, basename(new URL(a.url).pathname));
        await place(a, into, dir);
      }
    } finally {
      await release(work);
    }
  });
  for (const f of files) await rm(f, { force: true });
  return entry;
}

/** Copies an extracted asset's binaries and asset directories into the entry being filled. */
async function place(a: AssetPin, work: string, dir: string): Promise<void> {
  for (const [name, inner] of Object.entries(a.binaries)) {
    const from = await inArchive(work, inner, a.url);
    if (!existsSync(from)) throw new StackError(`${a.url}: the archive has no ${inner} (pinned as the ${name} binary)`, [], 3);
    await copyFile(from, join(dir, name));
    await chmod(join(dir, name), 0o755);
  }
  for (const [name, inner] of Object.entries(a.assets ?? {})) {
    const from = await inArchive(work, inner, a.url);
    if (!existsSync(from)) throw new StackError(`${a.url}: the archive has no ${inner} (pinned as the ${name} directory)`, [], 3);
    await assertContained(from, work, a.url);
    if (name !== '.') {
      await cp(from, join(dir, name), { recursive: true, dereference: true });
      continue;
    }
    const skip = new Set(a.exclude ?? []);
    for (const e of await readdir(from)) {
      if (!skip.has(e)) await cp(join(from, e), join(dir, e), { recursive: true, dereference: true });
    }
  }
}

/** A path inside the extracted archive; a first segment `*` stands for its single top directory. */
async function inArchive(work: string, inner: string, url: string): Promise<string> {
  if (inner !== '*' && !inner.startsWith('*/')) return join(work, inner);
  const tops = (await readdir(work, { withFileTypes: true })).filter((e) => e.isDirectory());
  if (tops.length !== 1) throw new StackError(`${url}: expected one top directory in the archive for ${inner}, found ${tops.map((t) => t.name).join(', ') || 'none'}`, [], 3);
  return join(work, tops[0]!.name, inner.slice(2));
}

/** Symbolic links are copied as the files they name: none may lead outside the archive. */
async function assertContained(path: string, root: string, url: string): Promise<void> {
  const real = await realpath(path);
  const top = await realpath(root);
  if (real !== top && !real.startsWith(top + sep)) throw new StackError(`${url}: ${relative(root, path)} leads outside the archive; refusing it`, [], 3);
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isSymbolicLink()) {
        const target = await realpath(p).catch(() => '');
        if (!target.startsWith(top + sep)) throw new StackError(`${url}: ${relative(root, p)} is a link that leads outside the archive; refusing it`, [], 3);
      } else if (e.isDirectory()) await walk(p);
    }
  };
  await walk(real);
}
