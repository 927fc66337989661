import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fetchLocked, lockStack, locate } from '../artifacts/artifacts.js';
import { readLock, writeLock, type LockFile } from '../artifacts/lockfile.js';
import { defaultStoreDir, type StoreEntry } from '../artifacts/store.js';
import { StackError } from '../core/errors.js';
import { planStack } from '../plan/plan.js';
import { writeOutput } from '../render/output.js';
import { renderStack } from '../render/render.js';
import type { Stack } from '../resolve/stack.js';
import { materializeNativeSecrets } from '../targets/native/secrets.js';
import { readManifest, type Manifest } from './manifest.js';
import type { RunPaths } from './paths.js';

export interface PrepareOptions {
  readonly stack: Stack;
  readonly projectDir: string;
  readonly paths: RunPaths;
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
  /** Download progress of one component. */
  readonly progress?: (component: string) => ((received: number, total: number | undefined) => void) & { done(): void };
}

/**
 * Everything `up` needs before a process starts: the lock (written on first use, like a
 * package manager's), every binary in the store (fetched when missing, verified always),
 * the native configs rendered into `.grafana-stack/config`, secrets materialized, data
 * directories created. Nothing under data/ is ever removed.
 */
export async function prepareRun(o: PrepareOptions): Promise<Manifest> {
  const lock = await ensureLock(o);
  const storeDir = defaultStoreDir(o.env);
  const entries = new Map<string, StoreEntry>();
  for (const name of Object.keys(o.stack.components)) {
    const locked = lock.components[name];
    if (!locked) continue;
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
  const files = renderStack(o.stack, 'native', {
    outDir: o.paths.config,
    projectDir: o.projectDir,
    artifactDir: (a) => {
      const e = entries.get(a.component);
      if (!e) throw new StackError(`${a.component} has no artifact in the lock file: run \`grafana-stack lock --update\``);
      return e.dir;
    },
  });
  await writeOutput(o.paths.config, files, { target: 'native', stack: o.stack.name });
  const written = await materializeNativeSecrets(planStack(o.stack), o.paths.root, o.env);
  for (const w of written) o.log(`created secret ${w} (mode 0600)`);
  const manifest = await readManifest(o.paths.manifest);
  for (const s of manifest.services) {
    await mkdir(s.cwd, { recursive: true, mode: 0o750 });
    for (const d of s.dataDirs) await mkdir(d, { recursive: true, mode: 0o750 });
  }
  await mkdir(o.paths.logs, { recursive: true, mode: 0o750 });
  return manifest;
}

/** The lock as it is when it pins every component at its version; otherwise lockStack pins what is missing (and refuses stale pins). */
async function ensureLock(o: PrepareOptions): Promise<LockFile> {
  const existing = await readLock(o.projectDir);
  const unpinned = Object.entries(o.stack.components).filter(([n, c]) => existing?.components[n]?.version !== c.version);
  if (existing && !unpinned.length) return existing;
  const lock = await lockStack(o.stack, existing, { update: false, log: o.log });
  o.log(`pinned ${unpinned.map(([n]) => n).join(', ')} in ${join(o.projectDir, 'grafana-stack.lock.json')}`);
  await writeLock(o.projectDir, lock);
  return lock;
}
