import { COMPONENT_LIST } from '../components/registry.js';
import type { ComponentDefinition } from '../components/component.js';
import { StackError } from '../core/errors.js';
import type { StackBuild } from '../model/build.js';
import { addonPinned, pinAddon } from './addon-pins.js';
import type { LockedComponent, LockFile } from './lockfile.js';
import { pinReleases } from './release-pins.js';
import { goJson } from './providers/source.js';

export interface LockOptions {
  /** Re-pin every component, also those whose version did not change. */
  readonly update: boolean;
  /** Pin every component, the disabled ones at their default version. */
  readonly all?: boolean;
  /** Also pin the Go module build of every permissively licensed component (needs Go). */
  readonly source?: boolean;
  /** A mirror of upstream's files (see transport.ts). */
  readonly mirror?: string;
  /** Pin only these components (what a command needs); others keep the pin they have. */
  readonly only?: readonly string[];
  readonly log?: (l: string) => void;
}

/**
 * Pins every enabled component of the stack (with `all`, every component): its official
 * release assets for linux and darwin on amd64 and arm64, from the checksums upstream
 * publishes (no Go needed), and with `source` the Go module build of the permissively
 * licensed ones. A pin is kept as it is unless the version changed (then `update` is
 * required) or `update` is asked; a disabled component's pin is kept, so turning it off
 * and on again changes nothing. A component run from the user's own binary (`binary:`)
 * needs no pin. Nothing is computed or invented: every hash is upstream's.
 */
export async function lockStack(build: Pick<StackBuild, 'stack' | 'addons'>, existing: LockFile | undefined, opts: LockOptions): Promise<LockFile> {
  const stack = build.stack;
  const components: Record<string, LockedComponent> = {};
  const stale: string[] = [];
  for (const def of COMPONENT_LIST) {
    const enabled = stack.components[def.name];
    const defaultVersion = def.version;
    const c = enabled ?? (opts.all && defaultVersion ? { version: defaultVersion, binary: undefined } : undefined);
    const old = existing?.components[def.name];
    if (!c || !def.artifact || (opts.only && !opts.only.includes(def.name))) {
      if (old) components[def.name] = old;
      continue;
    }
    if (old && old.version !== c.version && !opts.update) {
      stale.push(`${def.name}: the stack runs ${c.version}, the lock pins ${old.version}`);
      continue;
    }
    const keep = old && old.version === c.version && !opts.update ? old : undefined;
    components[def.name] = await pinComponent(def, c.version, keep, { ...opts, ownBinary: Boolean(c.binary) });
  }
  if (stale.length) {
    throw new StackError('the lock file pins other versions than the stack: run `grafana-stack lock --update`', stale.map((s) => ({ path: 'grafana-stack.lock.json', message: s })));
  }
  // Addons follow the definition: a plugin declared at another version or URL is re-pinned.
  const addons: Record<string, LockedComponent> = {};
  for (const a of build.addons) {
    const old = existing?.addons?.[a.name];
    addons[a.name] = addonPinned(a, old) && !opts.update ? old! : await pinAddon(a, { ...(opts.log ? { log: opts.log } : {}), ...(opts.mirror ? { mirror: opts.mirror } : {}) });
  }
  // The official images' digests are `lock`'s to renew (image-pins.ts); every other writer keeps them.
  return { lockfileVersion: 1, components, ...(Object.keys(addons).length ? { addons } : {}), ...(existing?.images ? { images: existing.images } : {}) };
}

/** One component's pins, reusing what `keep` already pins. */
async function pinComponent(
  def: ComponentDefinition,
  version: string,
  keep: LockedComponent | undefined,
  opts: LockOptions & { ownBinary: boolean },
): Promise<LockedComponent> {
  const artifact = def.artifact!;
  const entry: { version: string; source?: LockedComponent['source']; release?: LockedComponent['release'] } = { version };
  const release = artifact.release?.(version);
  if (keep?.release) entry.release = keep.release;
  else if (release && !opts.ownBinary) entry.release = await pinReleases(def.name, release, { ...(opts.mirror ? { mirror: opts.mirror } : {}), ...(opts.log ? { log: opts.log } : {}) });
  else if (opts.ownBinary) opts.log?.(`${def.name} ${version}: runs your own binary (binary:), no release pinned`);
  else if (!artifact.source) opts.log?.(`${def.name} ${version}: upstream publishes no release archives of this version; use your own binary (binary:)`);
  else if (!opts.source) opts.log?.(`${def.name} ${version}: upstream publishes no release archives; \`grafana-stack lock --source\` pins its Go module build`);

  if (keep?.source) entry.source = keep.source;
  else if (opts.source && artifact.source) {
    // Only permissively licensed components have a source build (see ArtifactSpec.licence).
    const spec = artifact.source(version);
    opts.log?.(`${def.name} ${version}: resolving ${spec.module}@${spec.version}`);
    const { sum, sumdb } = await moduleSum(spec.module, spec.version, opts.log);
    // The spec is plain data: a deep copy is the lock entry, plus the hash the proxy gave.
    entry.source = { ...(structuredClone(spec) as NonNullable<LockedComponent['source']>), sum, ...(sumdb ? {} : { sumdb: false as const }) };
  }
  return entry;
}

/**
 * The module's go.sum hash from the proxy. Some versions are served by the proxy but
 * unknown to the checksum database: then the hash is pinned on first download (trust on
 * first use, marked `sumdb: false` in the lock) and enforced from then on.
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
