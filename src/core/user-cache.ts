import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packageVersion } from './package-root.js';

/**
 * The user's cache of values that are pure functions of this build of the tool and of
 * inputs hashed into their key (a resolved Stack, a render, the overview dashboard):
 * `$XDG_CACHE_HOME/grafana-stack/stacks/<key>.json`, owner-only. Best effort throughout: a
 * cache that cannot be read or written costs the next command the work, nothing else.
 */

/** How many values are kept when the cache is pruned (at twice as many); the least recently written go first. */
const KEEP = 64;

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
    writeFileSync(tmp, JSON.stringify(value), { mode: 0o600 });
    renameSync(tmp, file);
    prune(dir);
  } catch {
    rmSync(tmp, { force: true });
  }
}

/** Pruned down to KEEP once it holds twice as many: not a stat of every entry on each write. */
function prune(dir: string): void {
  const names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  if (names.length <= 2 * KEEP) return;
  const byAge = names.map((n) => ({ n, t: statSync(join(dir, n)).mtimeMs })).sort((a, b) => a.t - b.t);
  for (const { n } of byAge.slice(0, names.length - KEEP)) rmSync(join(dir, n), { force: true });
}

function cacheDir(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'grafana-stack', 'stacks');
}


let identity: string | undefined | null = null;

/**
 * This build of the tool: its version and when its compiled files were written (`tsc`
 * writes them all on every build, so any change to the code gives a new identity).
 * Undefined when running from the TypeScript sources.
 */
export function codeIdentity(): string | undefined {
  if (identity !== null) return identity;
  identity = undefined;
  if (import.meta.url.endsWith('.ts')) return identity;
  try {
    // This very file: dist/core/user-cache.js, or the bundled CLI's chunk that holds it.
    const st = statSync(fileURLToPath(import.meta.url));
    identity = `${packageVersion()} ${st.mtimeMs} ${st.size} ${st.ino}`;
  } catch {
    // Not laid out as built: no cache.
  }
  return identity;
}
