import { join } from 'node:path';
import { StackError } from '../core/errors.js';
import type { Stack } from '../resolve/stack.js';
import { fetchLocked, lockStack, locate, stackAddons } from './artifacts.js';
import { addonPinned } from './addon-pins.js';
import { planStack } from '../plan/plan.js';
import { readLock, writeLock, type LockFile } from './lockfile.js';
import { defaultStoreDir, type StoreEntry } from './store.js';

export interface EnsureArtifactsOptions {
  readonly stack: Stack;
  readonly projectDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
  /** Only these components (default: every enabled one). */
  readonly only?: readonly string[];
  /** Download progress of one component. */
  readonly progress?: (component: string) => ((received: number, total: number | undefined) => void) & { done(): void };
}

/**
 * The lock (written on first use, like a package manager's) and a verified store entry for
 * each component, fetched when missing. What `up`, `images` and `compose up` all need first.
 */
export async function ensureArtifacts(o: EnsureArtifactsOptions): Promise<{ lock: LockFile; entries: Map<string, StoreEntry> }> {
  const lock = await ensureLock(o);
  const storeDir = defaultStoreDir(o.env);
  const entries = new Map<string, StoreEntry>();
  const components = o.only ?? Object.keys(o.stack.components);
  const addons = planStack(o.stack).filter((p) => components.includes(p.component)).flatMap((p) => p.addons ?? []);
  for (const name of [...components, ...addons.map((a) => a.name)]) {
    const locked = lock.components[name] ?? lock.addons?.[name];
    if (!locked) throw new StackError(`${name} has no artifact in the lock file: run \`grafana-stack lock --update\``);
    let entry = await locate(name, locked, storeDir);
    if (!entry) {
      const from = locked.release ? 'a release archive' : `its Go module (built once, this takes minutes)`;
      o.log(`${name} ${locked.version} is not in the store: fetching from ${from}`);
      const progress = o.progress?.(name);
      try {
        entry = await fetchLocked(name, locked, {
          storeDir,
          log: (l) => o.log(`${name}: ${l}`),
          ...(progress ? { progress } : {}),
          ...(o.env.GRAFANA_STACK_MIRROR ? { mirror: o.env.GRAFANA_STACK_MIRROR } : {}),
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
async function ensureLock(o: EnsureArtifactsOptions): Promise<LockFile> {
  const existing = await readLock(o.projectDir);
  const unpinned = [
    ...Object.entries(o.stack.components).filter(([n, c]) => existing?.components[n]?.version !== c.version),
    ...stackAddons(o.stack).filter((a) => !addonPinned(a, existing?.addons?.[a.name])).map((a) => [a.name] as const),
  ];
  if (existing && !unpinned.length) return existing;
  const lock = await lockStack(o.stack, existing, { update: false, log: o.log });
  o.log(`pinned ${unpinned.map(([n]) => n).join(', ')} in ${join(o.projectDir, 'grafana-stack.lock.json')}`);
  await writeLock(o.projectDir, lock);
  return lock;
}
