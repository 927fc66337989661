import type * as z from 'zod';
import { StackError, type Problem } from '../core/errors.js';
import { stackSchema } from './schema.js';
import { byCodeUnits } from '../core/compare.js';


/**
 * Overrides of single values without editing the definition, applied in this order:
 * defaults < config file < `GRAFANA_STACK_<PATH>` environment variables < `--set path=value`.
 * Each value is typed by the schema at its path (a port becomes a number, a flag a
 * boolean); what the schema then rejects is reported at that path like any other error.
 */
export interface Override {
  readonly path: (string | number)[];
  readonly value: unknown;
  /** Where it came from, for messages: `--set grafana.port=3001` or `GRAFANA_STACK_GRAFANA_PORT`. */
  readonly origin: string;
}

type Schema = z.ZodType;

/** `--set a.b[0].c=value` -> an override; the path must exist in the schema. */
export function parseSet(arg: string): Override {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new StackError(`--set ${arg}: expected path=value, e.g. --set grafana.port=3001`);
  const raw = arg.slice(0, eq);
  const path: (string | number)[] = [];
  for (const part of raw.split('.')) {
    const m = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!m) throw new StackError(`--set ${arg}: "${raw}" is not a path such as grafana.port or prometheus.scrape[0].job`);
    path.push(m[1]!, ...[...m[2]!.matchAll(/\[(\d+)\]/g)].map((x) => Number(x[1])));
  }
  const leaf = path.some((p) => typeof p === 'string' && FORBIDDEN_KEYS.has(p)) ? undefined : schemaAt(stackSchema, path);
  if (!leaf) throw new StackError(`--set ${shown(raw)}: no setting "${shown(raw)}" in the stack definition (grafana-stack schema lists them)`);
  // A secret's value must not reach a message: the origin is printed with every error.
  const origin = isSecretRef(leaf) ? `--set ${raw}=(hidden)` : `--set ${shown(arg)}`;
  return { path, value: typed(leaf, arg.slice(eq + 1)), origin };
}

/** Keys that would reach a prototype when set by assignment. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** A command-line value as messages show it: at most 80 characters. */
function shown(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}

/** `{ env } | { file }`: a reference to a secret, whose inline value is refused and never echoed. */
function isSecretRef(s: Schema): boolean {
  const options = unwrap(s);
  const keys = options.map((o) => (kind(o) === 'object' ? Object.keys((o as unknown as { shape: Record<string, Schema> }).shape).join(',') : ''));
  return options.length === 2 && keys.includes('env') && keys.includes('file');
}

/**
 * `GRAFANA_STACK_GRAFANA_PORT=3001` -> grafana.port. Words are matched against the schema's
 * keys ignoring case and camelCase (`PROMETHEUS_SCRAPE_INTERVAL` -> prometheus.scrapeInterval);
 * a variable that names no setting (GRAFANA_STACK_DOCKER, GRAFANA_STACK_STORE, ...) is not an override.
 */
export function envOverrides(env: NodeJS.ProcessEnv): Override[] {
  const out: Override[] = [];
  // In code-unit order, the same on every machine (localeCompare follows the locale, and its
  // first call sets up ICU's collator: about 10 ms).
  const ours = Object.entries(env).filter(([name, value]) => name.startsWith('GRAFANA_STACK_') && value !== undefined);
  for (const [name, value] of ours.sort(([a], [b]) => byCodeUnits(a, b))) {
    if (value === undefined) continue;
    const path = variablePath(name);
    if (!path) continue;
    out.push({ path, value: typed(schemaAt(stackSchema, path)!, value), origin: name });
  }
  return out;
}

/** Variables of the tool itself (not settings): binaries, the store, the mirror, `shell`'s marker. */
export const TOOL_VARIABLES: readonly string[] = [
  'GRAFANA_STACK_DOCKER',
  'GRAFANA_STACK_COMPOSE',
  'GRAFANA_STACK_KUBECTL',
  'GRAFANA_STACK_STORE',
  'GRAFANA_STACK_MIRROR',
  'GRAFANA_STACK_PASSWORD',
  'GRAFANA_STACK_SHELL',
  'GRAFANA_STACK_SECRETS_DIR',
  'GRAFANA_STACK_CONFIG_TIMEOUT',
  'GRAFANA_STACK_TEST_PAUSE_AT',
];

export interface UnknownVariable {
  readonly name: string;
  /** The setting's variable it most likely misspells, with its path. */
  readonly meant?: { readonly variable: string; readonly path: string };
}

/**
 * `GRAFANA_STACK_*` variables that are neither a setting nor one of the tool's own: a
 * misspelt setting is not silently ignored, and the closest setting is named.
 */
export function unknownVariables(env: NodeJS.ProcessEnv): UnknownVariable[] {
  const out: UnknownVariable[] = [];
  let settings: { variable: string; path: string }[] | undefined;
  for (const name of Object.keys(env).sort()) {
    if (!name.startsWith('GRAFANA_STACK_') || env[name] === undefined) continue;
    if (TOOL_VARIABLES.includes(name) || name.startsWith('GRAFANA_STACK_BIN_') || variablePath(name)) continue;
    if (name.length > 200) {
      out.push({ name: `${name.slice(0, 60)}...` });
      continue;
    }
    settings ??= settingVariables();
    const flat = (v: string) => v.replace(/_/g, '');
    let best: { variable: string; path: string } | undefined;
    let distance = Infinity;
    for (const candidate of settings) {
      const d = editDistance(flat(name), flat(candidate.variable));
      if (d < distance) [best, distance] = [candidate, d];
    }
    const close = best && distance <= Math.max(2, Math.floor(flat(best.variable).length / 6));
    out.push({ name, ...(close ? { meant: best! } : {}) });
  }
  return out;
}

function variablePath(name: string): string[] | undefined {
  const words = name.slice('GRAFANA_STACK_'.length).toLowerCase().split('_').filter(Boolean);
  return matchPath(stackSchema, words);
}

/** Every setting an environment variable can reach, as `GRAFANA_STACK_LOKI_RETENTION` and `loki.retention`. */
function settingVariables(): { variable: string; path: string }[] {
  const out: { variable: string; path: string }[] = [];
  const walk = (s: Schema, path: string[]) => {
    if (path.length && isLeaf(s)) {
      const words = path.map((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase());
      out.push({ variable: `GRAFANA_STACK_${words.join('_')}`, path: path.join('.') });
    }
    for (const option of unwrap(s)) {
      if (kind(option) !== 'object') continue;
      for (const [key, child] of Object.entries((option as unknown as { shape: Record<string, Schema> }).shape)) walk(child, [...path, key]);
    }
  };
  walk(stackSchema, []);
  return out;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row.push(Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[b.length]!;
}


/** The config with the overrides written in (copied along each path; the input is not changed). */
export function applyOverrides(config: unknown, overrides: readonly Override[]): unknown {
  let root: unknown = config ?? {};
  const problems: Problem[] = [];
  for (const o of overrides) {
    try {
      root = setIn(root, o.path, o.value);
    } catch (e) {
      problems.push({ path: formatPath(o.path), message: `${o.origin}: ${(e as Error).message}` });
    }
  }
  if (problems.length) throw new StackError('invalid override', problems);
  return root;
}

export function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i ? `.${p}` : p)).join('');
}

function setIn(node: unknown, path: readonly (string | number)[], value: unknown): unknown {
  if (!path.length) return value;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const list = Array.isArray(node) ? [...node] : [];
    if (head > list.length) throw new Error(`index ${head} is past the end of a list of ${list.length}`);
    list[head] = setIn(list[head], rest, value);
    return list;
  }
  // `grafana: false` (or absent) with --set grafana.port=...: the component is then on.
  const obj = node && typeof node === 'object' && !Array.isArray(node) ? { ...(node as Record<string, unknown>) } : {};
  obj[head!] = setIn(obj[head!], rest, value);
  return obj;
}

function unwrap(s: Schema): Schema[] {
  const z = (s as unknown as { _zod: { def: { type: string; innerType?: Schema; options?: Schema[] }; innerType?: Schema } })._zod;
  const def = z.def;
  if (def.innerType) return unwrap(def.innerType);
  if (def.type === 'lazy') return unwrap(z.innerType!); // a component's options, built once (config/component-schema.ts)
  if (def.type === 'union') return def.options!.flatMap(unwrap);
  return [s];
}

function kind(s: Schema): string {
  return (s as unknown as { _zod: { def: { type: string } } })._zod.def.type;
}

/** The schema of the value at path, or undefined when no setting is there. */
function schemaAt(s: Schema, path: readonly (string | number)[]): Schema | undefined {
  if (!path.length) return s;
  const [head, ...rest] = path;
  for (const option of unwrap(s)) {
    const def = (option as unknown as { _zod: { def: { type: string; shape?: Record<string, Schema>; valueType?: Schema; element?: Schema } } })._zod.def;
    let next: Schema | undefined;
    const shape = (option as unknown as { shape?: Record<string, Schema> }).shape;
    if (def.type === 'object' && typeof head === 'string') next = shape && Object.hasOwn(shape, head) ? shape[head] : undefined;
    else if (def.type === 'record' && typeof head === 'string') next = def.valueType;
    else if (def.type === 'array' && typeof head === 'number') next = def.element;
    const found = next && schemaAt(next, rest);
    if (found) return found;
  }
  return undefined;
}

/** Words of an environment variable name -> a path of schema keys (objects only: maps and lists are set in the file). */
function matchPath(s: Schema, words: readonly string[]): string[] | undefined {
  if (!words.length) return isLeaf(s) ? [] : undefined;
  for (const option of unwrap(s)) {
    if (kind(option) !== 'object') continue;
    for (const [key, child] of Object.entries((option as unknown as { shape: Record<string, Schema> }).shape)) {
      const flat = key.toLowerCase().replace(/[^a-z0-9]/g, '');
      for (let n = 1; n <= words.length; n++) {
        if (words.slice(0, n).join('') !== flat) continue;
        const rest = matchPath(child, words.slice(n));
        if (rest) return [key, ...rest];
      }
    }
  }
  return undefined;
}

function isLeaf(s: Schema): boolean {
  return unwrap(s).some((o) => ['string', 'number', 'boolean', 'enum', 'literal'].includes(kind(o)));
}

/** The text of an override as the type the schema wants there; what does not convert is left for the schema to reject. */
function typed(s: Schema, text: string): unknown {
  const kinds = new Set(unwrap(s).map(kind));
  if (kinds.has('number') && /^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if ((kinds.has('boolean') || kinds.has('literal')) && (text === 'true' || text === 'false')) return text === 'true';
  if (kinds.has('string') || kinds.has('enum')) return text;
  if (kinds.has('object') || kinds.has('array') || kinds.has('record')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}
