import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, statSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deepFreeze } from '../core/deep-freeze.js';
import type { Stack } from '../resolve/stack.js';

/**
 * The resolved Stack of a definition, kept from one command to the next. Resolving means
 * loading the schema library, every component and (for Grafana's overview dashboard) the
 * Foundation SDK: several times the cost of starting Node, for a result that is a pure
 * function of its inputs. So the Stack is stored under a hash of everything it depends on
 * (this build of the tool, the definition file's bytes, the GRAFANA_STACK_* variables and
 * --set values) and read back, as plain JSON, by the next command with the same inputs.
 *
 * Only definitions whose bytes are all their input are kept: no file (the default stack),
 * YAML and JSON. A TypeScript or JavaScript definition may import anything, so it is
 * loaded every time. Nothing is kept when the tool runs from its TypeScript sources
 * (a developer's edits would not change the key). `check` never reads the cache: it
 * validates from scratch, and stores what it resolved.
 */
export interface CachedStack {
  readonly stack: Stack;
  /** Whether every query was syntax-checked when this Stack was resolved. */
  readonly queriesChecked: boolean;
  /** What the component registry says of each component, for commands that need no more. */
  readonly catalog: ComponentCatalog;
  /** Notes printed while loading (variables that name no setting), printed again on a hit. */
  readonly notes: readonly string[];
}

/** Facts about every component from the registry: what `which` and `open` need, without loading it. */
export type ComponentCatalog = Readonly<Record<string, ComponentFacts>>;

export interface ComponentFacts {
  /** Its artifact's binaries, the server first (empty: not fetchable). */
  readonly binaries: readonly string[];
  readonly ports: Readonly<Record<string, { readonly protocol: string; readonly expose?: boolean }>>;
}

/** How many Stacks are kept; the least recently written go first. */
const KEEP = 64;

/** The key of a definition's Stack, or undefined when it cannot be cached (see above). */
export function stackCacheKey(input: { file?: string; env: NodeJS.ProcessEnv; sets: readonly string[] }): string | undefined {
  const code = codeIdentity();
  if (!code) return undefined;
  let definition: string;
  if (!input.file) definition = 'the default stack';
  else if (['.yaml', '.yml', '.json'].includes(extname(input.file))) {
    try {
      definition = `${input.file}\n${createHash('sha256').update(readFileSync(input.file)).digest('hex')}`;
    } catch {
      return undefined; // unreadable: the real load reports it
    }
  } else return undefined;
  const variables = Object.keys(input.env).filter((k) => k.startsWith('GRAFANA_STACK_')).sort().map((k) => [k, input.env[k]]);
  return createHash('sha256').update(JSON.stringify({ code, definition, variables, sets: input.sets })).digest('hex').slice(0, 40);
}

/** The Stack stored under `key`, deep-frozen like a fresh one, or undefined. */
export function readCachedStack(key: string, env: NodeJS.ProcessEnv): CachedStack | undefined {
  const cached = readCached(key, env) as CachedStack | undefined;
  if (!cached?.stack || typeof cached.queriesChecked !== 'boolean' || !cached.catalog || !Array.isArray(cached.notes)) return undefined;
  return deepFreeze(cached);
}

export function writeCachedStack(key: string, env: NodeJS.ProcessEnv, entry: CachedStack): void {
  writeCached(key, env, entry);
}

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

function prune(dir: string): void {
  const names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  if (names.length <= KEEP) return;
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
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const st = statSync(fileURLToPath(new URL('../resolve/resolve.js', import.meta.url)));
    identity = `${pkg.version} ${st.mtimeMs} ${st.size} ${st.ino}`;
  } catch {
    // Not laid out as built: no cache.
  }
  return identity;
}
