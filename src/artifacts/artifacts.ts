import { basename } from 'node:path';
import { COMPONENT_LIST } from '../components/registry.js';
import { StackError } from '../core/errors.js';
import type { Stack } from '../resolve/stack.js';
import { DEFAULT_VERSIONS } from '../versions.js';
import { planStack } from '../plan/plan.js';
import type { AddonRef } from '../plan/service-plan.js';
import { addonPinned, pinAddon } from './addon-pins.js';
import type { LockedComponent, LockFile } from './lockfile.js';
import { currentPlatform } from './platform.js';
import { fetchRelease } from './providers/release.js';
import { pinReleases } from './release-pins.js';
import { fetchSource, goJson, sourceStoreKey } from './providers/source.js';
import { entriesOf, readManifest, verifyEntry, type StoreEntry } from './store.js';

/**
 * Pins every enabled component of the stack (with `all`, every component, the disabled
 * ones at their default version): kept as they are unless the version changed (then
 * `update` is required) or `update` is asked. A disabled component's pin is kept, so
 * turning it off and on again changes nothing. Module hashes come from the Go module
 * proxy (checked there against the checksum database); nothing is invented.
 */
export async function lockStack(
  stack: Stack,
  existing: LockFile | undefined,
  opts: { update: boolean; all?: boolean; mirror?: string; releases?: boolean; log?: (l: string) => void },
): Promise<LockFile> {
  const components: Record<string, LockedComponent> = {};
  const stale: string[] = [];
  for (const def of COMPONENT_LIST) {
    const enabled = stack.components[def.name];
    const defaultVersion = (DEFAULT_VERSIONS as Record<string, string | undefined>)[def.name];
    const c = enabled ?? (opts.all && defaultVersion ? { version: defaultVersion } : undefined);
    if (!c) {
      const kept = existing?.components[def.name];
      if (kept) components[def.name] = kept;
      continue;
    }
    if (!def.artifact) continue;
    const old = existing?.components[def.name];
    if (old && old.version === c.version && !opts.update) {
      components[def.name] = old;
      continue;
    }
    if (old && !opts.update) {
      stale.push(`${def.name}: the stack runs ${c.version}, the lock pins ${old.version}`);
      continue;
    }
    const entry: { version: string; source?: LockedComponent['source']; release?: LockedComponent['release'] } = { version: c.version };
    // Only permissively licensed components have a source build (see ArtifactSpec.licence).
    const spec = def.artifact.source?.(c.version);
    if (spec) {
      opts.log?.(`${def.name} ${c.version}: resolving ${spec.module}@${spec.version}`);
      const { sum, sumdb } = await moduleSum(spec.module, spec.version, opts.log);
      // The spec is plain data: a deep copy is the lock entry, plus the hash the proxy gave.
      entry.source = { ...(structuredClone(spec) as NonNullable<LockedComponent['source']>), sum, ...(sumdb ? {} : { sumdb: false as const }) };
    }
    const release = opts.releases === false ? undefined : def.artifact.release?.(c.version);
    if (release) {
      const pins = await pinReleases(def.name, release, { ...(opts.mirror ? { mirror: opts.mirror } : {}), ...(opts.log ? { log: opts.log } : {}) });
      if (pins) entry.release = pins;
    } else if (opts.releases !== false) {
      opts.log?.(`${def.name} ${c.version}: upstream publishes no release archives for this version`);
    }
    if (!entry.release && old?.release && old.version === c.version) entry.release = old.release;
    components[def.name] = entry;
  }
  if (stale.length) {
    throw new StackError('the lock file pins other versions than the stack: run `grafana-stack lock --update`', stale.map((s) => ({ path: 'grafana-stack.lock.json', message: s })));
  }
  // Addons follow the definition: a plugin declared at another version or URL is re-pinned.
  const addons: Record<string, LockedComponent> = {};
  for (const a of stackAddons(stack)) {
    const old = existing?.addons?.[a.name];
    addons[a.name] = addonPinned(a, old) && !opts.update ? old! : await pinAddon(a, opts.log);
  }
  return { lockfileVersion: 1, components, ...(Object.keys(addons).length ? { addons } : {}) };
}

/** Every addon of every service of the stack (Grafana's plugins). */
export function stackAddons(stack: Stack): AddonRef[] {
  return planStack(stack).flatMap((p) => p.addons ?? []);
}

/**
 * The module's go.sum hash from the proxy. Some pseudo-versions are served by the proxy
 * but unknown to the checksum database: then the hash is pinned on first download (trust
 * on first use, marked `sumdb: false` in the lock) and enforced from then on.
 */
async function moduleSum(module: string, version: string, log?: (l: string) => void): Promise<{ sum: string; sumdb: boolean }> {
  const download = (extraEnv: Record<string, string>) =>
    goJson(['mod', 'download', '-json', `${module}@${version}`], { ...process.env, GOFLAGS: '-mod=mod', ...extraEnv }).catch((e: Error) => ({ Error: e.message }) as { Sum?: string; Error?: string });
  let r = await download({});
  let sumdb = true;
  if (!r.Sum && /sumdb|sum\.golang\.org|verifying/.test(r.Error ?? '')) {
    log?.(`${module}@${version} is not in the Go checksum database: pinning the hash the proxy serves (trust on first use)`);
    r = await download({ GONOSUMDB: module });
    sumdb = false;
  }
  if (!r.Sum) throw new StackError(`cannot resolve ${module}@${version} through the Go module proxy: ${(r.Error ?? 'no hash').split('\n')[0]}`, [], 3);
  return { sum: r.Sum, sumdb };
}

export type Provider = 'release' | 'source';

/** Fetches one locked component into the store (release for this platform if pinned, else source). */
export interface FetchOptions {
  readonly from?: Provider;
  readonly storeDir: string;
  readonly mirror?: string;
  readonly log?: (line: string) => void;
  readonly progress?: (received: number, total: number | undefined) => void;
}

export async function fetchLocked(name: string, locked: LockedComponent, o: FetchOptions): Promise<StoreEntry> {
  const { from, storeDir, log } = o;
  const platform = currentPlatform();
  const release = locked.release?.[platform];
  const provider = from ?? (release ? 'release' : 'source');
  if (provider === 'release') {
    if (!release) throw new StackError(`${name} ${locked.version}: the lock pins no release archive for ${platform} (fetch --from source)`, [], 3);
    return fetchRelease(release, { storeDir, component: name, version: locked.version, ...(o.mirror ? { mirror: o.mirror } : {}), ...(o.progress ? { progress: o.progress } : {}) });
  }
  if (!locked.source) throw new StackError(`${name} ${locked.version}: the lock pins no Go module build (fetch --from release)`, [], 3);
  return fetchSource(locked.source, { storeDir, component: name, version: locked.version, ...(log ? { log } : {}) });
}

/** The verified store entry holding a locked component, if it was fetched. */
export async function locate(name: string, locked: LockedComponent, storeDir: string): Promise<StoreEntry | undefined> {
  for (const dir of await entriesOf(storeDir, name, locked.version)) {
    const o = (await readManifest(dir))?.origin ?? {};
    const matches =
      (o.provider === 'source' && locked.source && typeof o.go === 'string' && basename(dir).startsWith(`${sourceStoreKey(locked.source, o.go)}-`)) ||
      (o.provider === 'release' && Object.values(locked.release ?? {}).some((r) => r.sha256 === o.sha256));
    if (matches) return verifyEntry(dir);
  }
  return undefined;
}
