import { existsSync } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, resolve } from 'node:path';
import type { LockedComponent } from './lockfile.js';
import { currentPlatform } from './platform.js';
import { entriesOf, findEntry, readManifest, verifyEntry, type StoreEntry } from './store.js';

export interface LocateOptions {
  /** The definition's `binary` for this component: only a copy of exactly that file will do. */
  readonly binary?: string;
  /** What a relative `binary` is relative to. */
  readonly projectDir?: string;
  /**
   * Failing the pinned entries, take any verified entry of that version, whichever provider
   * brought it (a validator needs the version, not these exact bytes).
   */
  readonly anyOfVersion?: boolean;
}

/**
 * The verified store entry of a component at a version, if one is there: read-only, it
 * never downloads or builds. With the user's own `binary`, the copy of that file as it is
 * now (same path, size and mtime); otherwise the pinned release of this platform, then the
 * pinned source build, then any copy of the user's own binary of that version (`fetch
 * --from system`).
 */
export async function locate(name: string, version: string, locked: LockedComponent | undefined, storeDir: string, o: LocateOptions = {}): Promise<StoreEntry | undefined> {
  const candidates = await entriesOf(storeDir, name, version);
  if (o.binary) {
    const path = isAbsolute(o.binary) ? o.binary : resolve(o.projectDir ?? process.cwd(), o.binary);
    if (!existsSync(path)) return undefined;
    const real = await realpath(path);
    const st = await stat(real);
    for (const dir of candidates) {
      const origin = (await readManifest(dir))?.origin ?? {};
      if (origin.provider === 'system' && origin.path === real && origin.size === st.size && origin.mtimeMs === st.mtimeMs) return verifyEntry(dir);
    }
    return undefined;
  }
  const release = locked?.release?.[currentPlatform()];
  // The providers are loaded only for the keys they define (the source provider brings child_process and zlib).
  if (release) {
    const { releaseStoreKey } = await import('./providers/release.js');
    const dir = findEntry(storeDir, releaseStoreKey(release), name, version);
    if (dir) return verifyEntry(dir);
  }
  const origins = await Promise.all(candidates.map(async (dir) => ({ dir, origin: (await readManifest(dir))?.origin ?? {} })));
  if (locked?.source) {
    const { sourceStoreKey } = await import('./providers/source.js');
    for (const { dir, origin } of origins) {
      if (origin.provider === 'source' && typeof origin.go === 'string' && basename(dir).startsWith(`${sourceStoreKey(locked.source, origin.go)}-`)) return verifyEntry(dir);
    }
  }
  for (const { dir, origin } of origins) if (origin.provider === 'system') return verifyEntry(dir);
  if (o.anyOfVersion) {
    for (const { dir } of origins) {
      try {
        return await verifyEntry(dir);
      } catch {
        // A modified entry is never used; another may be fine.
      }
    }
  }
  return undefined;
}
