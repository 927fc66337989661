import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageVersion } from './package-root.js';
import { BUNDLE_BUILD } from './build-id.js';
import { cacheRoot } from './cache-root.js';

/**
 * The user's cache of values that are pure functions of this build of the tool and of
 * inputs hashed into their key (a resolved Stack, a render, the overview dashboard):
 * `$XDG_CACHE_HOME/grafana-stack/stacks/<key>.json`, owner-only. Best effort throughout: a
 * cache that cannot be read or written costs the next command the work, nothing else.
 */

/** The cache's bounds: values kept when it is pruned (at twice as many), and bytes in all. */
export interface CacheLimits {
  readonly keep: number;
  readonly maxBytes: number;
}

const LIMITS: CacheLimits = { keep: 64, maxBytes: 256 << 20 };

/** A value of at least this size has the cache's total size checked when it is written. */
const LARGE = 1 << 20;

/** A value stored under `key`, or undefined. */
export function readCached(key: string, env: NodeJS.ProcessEnv): unknown {
  try {
    return JSON.parse(readFileSync(join(cacheDir(env), `${key}.json`), 'utf8'));
  } catch {
    return undefined;
  }
}

/** Best effort: a cache that cannot be written only costs the next command the work. */
export function writeCached(key: string, env: NodeJS.ProcessEnv, value: unknown): void {
  const dir = cacheDir(env);
  const file = join(dir, `${key}.json`);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // The definition's own data (dashboards, settings): readable by its owner only.
    const text = JSON.stringify(value);
    writeFileSync(tmp, text, { mode: 0o600 });
    renameSync(tmp, file);
    pruneCache(dir, `${key}.json`, text.length >= LARGE);
  } catch {
    rmSync(tmp, { force: true });
  }
}

/**
 * Keeps the cache within its limits, the least recently written values going first (never
 * the one just written). The count is read on every write (one readdir); sizes only after
 * a large value, so most writes do not stat every entry.
 */
export function pruneCache(dir: string, written: string, large: boolean, limits: CacheLimits = LIMITS, isEntry = (name: string) => name.endsWith('.json')): void {
  const names = readdirSync(dir).filter(isEntry);
  if (names.length <= 2 * limits.keep && !large) return;
  const byAge = names.map((n) => ({ n, ...stat(join(dir, n)) })).sort((a, b) => a.t - b.t);
  let count = byAge.length;
  let bytes = byAge.reduce((sum, e) => sum + e.size, 0);
  const overCount = count > 2 * limits.keep;
  for (const e of byAge) {
    if (!(overCount && count > limits.keep) && bytes <= limits.maxBytes) break;
    if (e.n === written) continue;
    rmSync(join(dir, e.n), { force: true });
    count--;
    bytes -= e.size;
  }
}

function stat(file: string): { t: number; size: number } {
  try {
    const st = statSync(file);
    return { t: st.mtimeMs, size: st.size };
  } catch {
    return { t: 0, size: 0 }; // removed meanwhile
  }
}

function cacheDir(env: NodeJS.ProcessEnv): string {
  return join(cacheRoot(env), 'stacks');
}


let identity: string | undefined | null = null;

/**
 * This build of the tool: its version and the bundle's build (core/build-id.ts), or, in
 * tsc's unbundled build, when its compiled files were written (`tsc` writes them all on
 * every build, so any change to the code gives a new identity). Undefined when running
 * from the TypeScript sources.
 */
export function codeIdentity(): string | undefined {
  if (identity !== null) return identity;
  identity = undefined;
  if (BUNDLE_BUILD) return (identity = `${packageVersion()} ${BUNDLE_BUILD}`);
  if (import.meta.url.endsWith('.ts')) return identity;
  try {
    // This very file: dist/core/user-cache.js.
    const st = statSync(fileURLToPath(import.meta.url));
    identity = `${packageVersion()} ${st.mtimeMs} ${st.size} ${st.ino}`;
  } catch {
    // Not laid out as built: no cache.
  }
  return identity;
}
