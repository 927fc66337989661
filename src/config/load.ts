import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { StackError, isStackError } from '../core/errors.js';
import { describeFsError } from '../core/fs-errors.js';

/** Config file names looked up in the working directory, first match wins. */
export const CONFIG_FILES = [
  'grafana-stack.config.ts',
  'grafana-stack.config.mts',
  'grafana-stack.config.js',
  'grafana-stack.config.mjs',
  'grafana-stack.config.yaml',
  'grafana-stack.config.yml',
  'grafana-stack.config.json',
] as const;

export interface LoadedConfig {
  /** Absolute path of the file, or undefined for the default stack. */
  readonly file?: string;
  /** The raw definition, not yet validated. */
  readonly config: unknown;
}

export function findConfigFile(cwd: string): string | undefined {
  for (const name of CONFIG_FILES) {
    const p = resolve(cwd, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/**
 * Loads a stack definition: `--config FILE`, else the first config file in `cwd`, else
 * the default stack (an empty definition). TypeScript is loaded without a build step
 * (jiti), and kept transpiled in the user's cache that `env` names (default: this
 * process's); YAML and its parser are only loaded for YAML files.
 */
export async function loadConfig(opts: { cwd: string; file?: string; timeoutSeconds?: number; env?: NodeJS.ProcessEnv }): Promise<LoadedConfig> {
  const file = opts.file ? resolve(opts.cwd, opts.file) : findConfigFile(opts.cwd);
  if (!file) return { config: {} };
  if (!existsSync(file)) throw new StackError(`config file not found: ${file}`);
  // Loaded here, not at the top: it brings the schema's helpers, which finding a file does not need.
  const { toPlainData } = await import('./plain-data.js');
  return { file, config: toPlainData(await loadRaw(file, opts.timeoutSeconds ?? CONFIG_TIMEOUT_SECONDS, opts.env ?? process.env), file) };
}

async function loadRaw(file: string, timeoutSeconds: number, env: NodeJS.ProcessEnv): Promise<unknown> {
  const ext = extname(file);
  switch (ext) {
    case '.yaml':
    case '.yml':
      return loadYaml(file);
    case '.json':
      return loadJson(file);
    case '.ts':
    case '.mts':
    case '.cts':
    case '.js':
    case '.mjs':
    case '.cjs':
      return loadModule(file, timeoutSeconds, env);
    default:
      throw new StackError(`unsupported config file type "${ext}" (${file}): use .ts, .mts, .js, .mjs, .yaml, .yml or .json`);
  }
}

async function loadYaml(file: string): Promise<unknown> {
  const { parseDocument } = await import('yaml');
  return yamlDocument(parseDocument, file, stripBom(await readText(file)));
}

/**
 * JSON is read with JSON's own grammar, then held to the same rules as YAML: a repeated
 * key is an error (JSON.parse would keep the last one silently), and a byte-order mark is
 * skipped (YAML does; JSON.parse would fail on it).
 */
async function loadJson(file: string): Promise<unknown> {
  const text = stripBom(await readText(file));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new StackError(`cannot parse ${file}: ${jsonErrorAt(text, (e as Error).message)}`);
  }
  const repeated = repeatedKeys(text);
  if (repeated.length) {
    throw new StackError(`cannot parse ${file}`, repeated.map((r) => ({ path: `line ${r.line}, column ${r.column}`, message: `key ${r.key} is repeated in its object (map keys must be unique)` })));
  }
  return value ?? {};
}

/**
 * Keys that appear twice in one object of a JSON text (already known to be valid JSON):
 * one linear pass with a stack of the keys of each open object, so a huge or deeply
 * nested file costs no more than reading it.
 */
function repeatedKeys(text: string): { key: string; line: number; column: number }[] {
  const out: { key: string; line: number; column: number }[] = [];
  const open: (Set<string> | undefined)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length && out.length < 50; i++) {
    const c = text[i];
    if (c === '{') {
      open.push(new Set());
      expectKey = true;
    } else if (c === '[') {
      open.push(undefined);
    } else if (c === '}' || c === ']') {
      open.pop();
      expectKey = false;
    } else if (c === ',') {
      expectKey = open.at(-1) !== undefined;
    } else if (c === '"') {
      const start = i;
      for (i++; text[i] !== '"'; i++) if (text[i] === '\\') i++;
      const keys = open.at(-1);
      if (expectKey && keys) {
        const key = text.slice(start, i + 1);
        const name = JSON.parse(key) as string;
        if (keys.has(name)) {
          const before = text.slice(0, start);
          out.push({ key: key.length > 60 ? `${key.slice(0, 57)}..."` : key, line: before.split('\n').length, column: start - before.lastIndexOf('\n') });
        }
        keys.add(name);
        expectKey = false;
      }
    }
  }
  return out;
}

type ParseDocument = (typeof import('yaml'))['parseDocument'];

function yamlDocument(parseDocument: ParseDocument, file: string, text: string): unknown {
  let doc;
  try {
    doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    throw new StackError(`cannot parse ${file}: ${e instanceof RangeError ? 'nested too deeply' : (e as Error).message.split('\n')[0]}`);
  }
  if (doc.errors.length) {
    throw new StackError(
      `cannot parse ${file}`,
      doc.errors.map((e) => ({ path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '', message: e.message.split('\n')[0]! })),
    );
  }
  try {
    return doc.toJS() ?? {};
  } catch (e) {
    // The parser's own limit on aliases (a "billion laughs" document), or a stack overflow.
    if (e instanceof RangeError) throw new StackError(`cannot parse ${file}: nested too deeply`);
    throw new StackError(`cannot parse ${file}: ${(e as Error).message.split('\n')[0]} (aliases expand to too much data)`);
  }
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

async function readText(file: string): Promise<string> {
  try {
    // Synchronously: a definition is one small file, and fs/promises (with the thread pool
    // round trip) is a module a render would load for it alone.
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new StackError(`cannot read ${file}: ${describeFsError(e)}`);
  }
}

/** `Unexpected token } in JSON at position 42` -> `... (line 3, column 7)`. */
function jsonErrorAt(text: string, message: string): string {
  const m = /position (\d+)/.exec(message);
  if (!m) return message;
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const col = Number(m[1]) - before.lastIndexOf('\n');
  return `${message.replace(/ in JSON at position \d+.*$/, '').split('\n')[0]} at line ${line}, column ${col}`;
}

/** How long a TypeScript/JavaScript config may take to load and produce its definition. */
export const CONFIG_TIMEOUT_SECONDS = 30;

async function loadModule(file: string, timeoutSeconds: number, env: NodeJS.ProcessEnv): Promise<unknown> {
  // A config whose promise never settles would leave Node to exit with code 13 and no
  // word (nothing left to run), or hang forever behind a timer it started: either way
  // the user is told which it was.
  return settleWithin(importDefinition(file, env), timeoutSeconds, file);
}

async function importDefinition(file: string, env: NodeJS.ProcessEnv): Promise<unknown> {
  let mod: unknown;
  try {
    const [{ createJiti }, self, { transpileCacheDir }] = await Promise.all([import('jiti'), import('../index.js'), import('./transpile-cache.js')]);
    // The config imports 'grafana-stack' for defineStack, and often the Grafana Foundation
    // SDK for dashboards: both resolve to the copies this tool ships with when the config's
    // project has none, so a definition loads under `npx` too, without a node_modules.
    // 'grafana-stack' is this very module, already loaded: not a second copy of the whole
    // library imported from dist/ (0.3 s).
    const jiti = createJiti(import.meta.url, {
      moduleCache: false,
      fsCache: transpileCacheDir(env),
      interopDefault: false,
      alias: bundledFallbacks(file),
      virtualModules: { 'grafana-stack': self },
    });
    mod = await jiti.import(file);
  } catch (e) {
    throw new StackError(`cannot load ${file}: ${errorText(e).split('\n').slice(0, 6).join('\n')}`);
  }
  let config: unknown;
  try {
    const m = mod as { default?: unknown };
    config = m && typeof m === 'object' && 'default' in m ? m.default : undefined;
    if (config === undefined) throw new StackError(`${file} has no default export: write \`export default defineStack({ ... })\``);
    if (typeof config === 'function') config = await (config as () => unknown)();
    else config = await config; // a promise of a definition
  } catch (e) {
    if (isStackError(e)) throw e;
    throw new StackError(`cannot load ${file}: its default export failed: ${errorText(e).split('\n')[0]}`);
  }
  return config;
}

/** Packages a definition may import that this tool carries itself (its dependencies). */
const BUNDLED = ['@grafana/grafana-foundation-sdk'];

/**
 * For each bundled package the config's own project cannot resolve, an alias of every
 * entry point it exports (`@grafana/grafana-foundation-sdk/dashboard`, ...) to this tool's
 * copy. A project that installs its own version keeps it.
 */
function bundledFallbacks(configFile: string): Record<string, string> {
  const fromSelf = createRequire(import.meta.url);
  const aliases: Record<string, string> = {};
  for (const pkg of BUNDLED) {
    // The manifest itself may not be exported, so packages are found as Node looks for them.
    if (installedPackage(dirname(configFile), pkg)) continue;
    const ours = installedPackage(dirname(fileURLToPath(import.meta.url)), pkg);
    if (!ours) continue;
    const manifest = JSON.parse(readFileSync(ours, 'utf8')) as { exports?: Record<string, unknown> };
    for (const sub of Object.keys(manifest.exports ?? { '.': {} })) {
      if (sub.includes('*') || sub.endsWith('package.json')) continue;
      const id = sub === '.' ? pkg : `${pkg}/${sub.replace(/^\.\//, '')}`;
      try {
        aliases[id] = fromSelf.resolve(id);
      } catch {
        // An export this Node cannot load (types only): leave it to fail where it is used.
      }
    }
  }
  return aliases;
}

/** `<dir>/node_modules/<pkg>/package.json` of the nearest directory that has it. */
function installedPackage(from: string, pkg: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'node_modules', pkg, 'package.json');
    if (existsSync(manifest)) return manifest;
    if (dirname(dir) === dir) return undefined;
  }
}

function settleWithin<T>(work: Promise<T>, seconds: number, file: string): Promise<T> {
  return new Promise<T>((resolvePromise, reject) => {
    const done = () => {
      clearTimeout(timer);
      process.off('beforeExit', idle);
    };
    // Nothing left to run and still pending: the promise can never settle.
    const idle = () => {
      done();
      reject(new StackError(`cannot load ${file}: it never finishes (its default export, or something it awaits, is a promise that nothing resolves)`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new StackError(`cannot load ${file}: it did not finish within ${seconds} s (a pending timer, request or promise?)`));
    }, seconds * 1000);
    timer.unref();
    process.once('beforeExit', idle);
    work.then(
      (v) => {
        done();
        resolvePromise(v);
      },
      (e: unknown) => {
        done();
        reject(e);
      },
    );
  });
}

function errorText(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch {
    return 'an error that cannot be shown';
  }
}
