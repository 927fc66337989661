import { posix } from 'node:path';
import { unzipSync } from 'fflate';
import { StackError } from '../core/errors.js';
import type { AddonRef } from '../model/service-plan.js';
import { ADDON_DIR } from '../model/service-plan.js';
import { sha256 } from './hash.js';
import type { LockedComponent } from './lockfile.js';
import { currentPlatform } from './platform.js';
import { downloadError, mirrorUrl, readBytes } from './transport.js';

/**
 * Pins an addon (a Grafana plugin zip): downloads it once, checks its manifest names the
 * declared id and version (a wrong URL fails here, not in a running Grafana), and records
 * the sha256 of the bytes. Plugin zips carry no upstream checksum file this machine can
 * read, so the hash is pinned on first download (trust on first use) and enforced from
 * then on, by every fetch on every machine.
 */
export async function pinAddon(a: AddonRef, o: { log?: (l: string) => void; mirror?: string } = {}): Promise<LockedComponent> {
  o.log?.(`${a.name} ${a.version}: downloading ${a.url} to pin its sha256`);
  let bytes: Uint8Array;
  try {
    bytes = await readBytes(mirrorUrl(a.url, o.mirror));
  } catch (e) {
    throw downloadError(a.name, e);
  }
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (e) {
    throw new StackError(`${a.url} is not a zip archive (${(e as Error).message})`, [], 3);
  }
  const manifests = Object.keys(files)
    .filter((f) => posix.basename(f) === a.manifest.file)
    .sort((x, y) => x.split('/').length - y.split('/').length);
  const manifestPath = manifests[0];
  if (!manifestPath) throw new StackError(`${a.url}: the archive has no ${a.manifest.file}, so it is not a ${a.name}`, [], 3);
  let manifest: unknown;
  try {
    manifest = JSON.parse(Buffer.from(files[manifestPath]!).toString('utf8'));
  } catch {
    throw new StackError(`${a.url}: ${manifestPath} is not JSON`, [], 3);
  }
  for (const [field, expected] of Object.entries(a.manifest.fields)) {
    const actual = field.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), manifest);
    if (actual !== expected) {
      throw new StackError(`${a.url}: ${manifestPath} says ${field} is ${JSON.stringify(actual)}, the stack declares ${JSON.stringify(expected)}`, [], 3);
    }
  }
  const dir = posix.dirname(manifestPath);
  return {
    version: a.version,
    release: { [currentPlatform()]: { url: a.url, sha256: sha256(bytes), binaries: {}, assets: { [ADDON_DIR]: dir === '.' ? '.' : dir } } },
  };
}

/** Whether a lock entry still pins this addon as declared (same version, same URL). */
export function addonPinned(a: AddonRef, locked: LockedComponent | undefined): boolean {
  return Boolean(locked && locked.version === a.version && Object.values(locked.release ?? {}).some((r) => r.url === a.url));
}
