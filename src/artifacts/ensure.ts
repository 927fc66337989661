import { join } from 'node:path';
import { StackError } from '../core/errors.js';
import type { StackBuild } from '../model/build.js';
import { addonPinned } from './addon-pins.js';
import { fetchComponent } from './fetch-component.js';
import { locate } from './locate.js';
import { lockStack } from './lock-stack.js';
import { LOCK_FILE, readLock, writeLock, type LockFile } from './lockfile.js';
import { cleanStale } from './scratch.js';
import { defaultStoreDir, type StoreEntry } from './store.js';
import { mirrorSetting } from './transport.js';

export interface EnsureArtifactsOptions {
  readonly build: StackBuild;
  readonly projectDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
  /** Only these components (default: every enabled one). */
  readonly only?: readonly string[];
  /** A mirror of upstream's files (default: GRAFANA_STACK_MIRROR). */
  readonly mirror?: string;
  /** Download progress of one component. */
  readonly progress?: (component: string) => ((received: number, total: number | undefined) => void) & { done(): void };
}

/**
 * The lock (written on first use, like a package manager's) and a verified store entry for
 * each component, downloaded when missing: the official release of this platform, or the
 * user's own binary where the definition names one. Nothing is ever built here: a build
 * from source is asked for explicitly (`fetch --from source`). What `up`, `images` and
 * `compose up` all need first.
 */
export async function ensureArtifacts(o: EnsureArtifactsOptions): Promise<{ lock: LockFile; entries: Map<string, StoreEntry> }> {
  const mirror = o.mirror ?? mirrorSetting(undefined, o.env, o.projectDir);
  const lock = await ensureLock(o, mirror);
  const storeDir = defaultStoreDir(o.env);
  for (const p of await cleanStale(storeDir)) o.log(`removed ${p}, left by an interrupted run`);
  const entries = new Map<string, StoreEntry>();
  const components = o.only ?? Object.keys(o.build.stack.components);
  const addons = o.build.plans.filter((p) => components.includes(p.component)).flatMap((p) => p.addons ?? []);
  for (const name of [...components, ...addons.map((a) => a.name)]) {
    const c = o.build.stack.components[name];
    const locked = lock.components[name] ?? lock.addons?.[name];
    const version = c?.version ?? locked?.version;
    if (!version) throw new StackError(`${name} has no artifact in the lock file: run \`grafana-stack lock --update\``);
    const own = c?.binary ? { binary: c.binary, projectDir: o.projectDir } : {};
    let entry = await locate(name, version, locked, storeDir, own);
    if (!entry) {
      o.log(`${name} ${version} is not in the store: ${c?.binary ? `copying your binary ${c.binary}` : 'downloading its release archive'}`);
      const progress = o.progress?.(name);
      try {
        entry = await fetchComponent(name, version, locked, {
          storeDir,
          env: o.env,
          log: (l) => o.log(`${name}: ${l}`),
          ...own,
          ...(progress ? { progress } : {}),
          ...(mirror ? { mirror } : {}),
        });
      } finally {
        progress?.done();
      }
    }
    entries.set(name, entry);
  }
  return { lock, entries };
}

/** The lock as it is when it pins every component at its version; otherwise lockStack pins what is missing (and refuses stale pins). */
async function ensureLock(o: EnsureArtifactsOptions, mirror: string | undefined): Promise<LockFile> {
  const existing = await readLock(o.projectDir);
  const stack = o.build.stack;
  const only = o.only ?? Object.keys(stack.components);
  const unpinned = [
    ...Object.entries(stack.components).filter(([n, c]) => only.includes(n) && existing?.components[n]?.version !== c.version),
    ...o.build.addons.filter((a) => !addonPinned(a, existing?.addons?.[a.name])).map((a) => [a.name] as const),
  ];
  if (existing && !unpinned.length) return existing;
  const lock = await lockStack(o.build, existing, { update: false, only, log: o.log, ...(mirror ? { mirror } : {}) });
  o.log(`pinned ${unpinned.map(([n]) => n).join(', ')} in ${join(o.projectDir, LOCK_FILE)}`);
  await writeLock(o.projectDir, lock);
  return lock;
}
