import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { deepFreeze } from '../core/deep-freeze.js';
import { codeIdentity, readCached, writeCached } from '../core/user-cache.js';
import type { Stack } from '../model/stack.js';

export { codeIdentity, readCached, writeCached };

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

