import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { StackError } from '../core/errors.js';

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
 * (jiti); YAML and its parser are only loaded for YAML files.
 */
export async function loadConfig(opts: { cwd: string; file?: string }): Promise<LoadedConfig> {
  const file = opts.file ? resolve(opts.cwd, opts.file) : findConfigFile(opts.cwd);
  if (!file) return { config: {} };
  if (!existsSync(file)) throw new StackError(`config file not found: ${file}`);
  const ext = extname(file);
  switch (ext) {
    case '.yaml':
    case '.yml':
      return { file, config: await loadYaml(file) };
    case '.json':
      return { file, config: await loadJson(file) };
    case '.ts':
    case '.mts':
    case '.cts':
    case '.js':
    case '.mjs':
    case '.cjs':
      return { file, config: await loadModule(file) };
    default:
      throw new StackError(`unsupported config file type "${ext}" (${file}): use .ts, .mts, .js, .mjs, .yaml, .yml or .json`);
  }
}

async function loadYaml(file: string): Promise<unknown> {
  const { parseDocument } = await import('yaml');
  const doc = parseDocument(await readFile(file, 'utf8'), { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    throw new StackError(
      `cannot parse ${file}`,
      doc.errors.map((e) => ({ path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '', message: e.message.split('\n')[0]! })),
    );
  }
  return doc.toJS() ?? {};
}

async function loadJson(file: string): Promise<unknown> {
  const text = await readFile(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new StackError(`cannot parse ${file}: ${(e as Error).message}`);
  }
}

async function loadModule(file: string): Promise<unknown> {
  let mod: unknown;
  try {
    const { createJiti } = await import('jiti');
    // The config imports 'grafana-stack' for defineStack, and often the Grafana Foundation
    // SDK for dashboards: both resolve to the copies this tool ships with when the config's
    // project has none, so a definition loads under `npx` too, without a node_modules.
    const jiti = createJiti(import.meta.url, {
      moduleCache: false,
      fsCache: false,
      interopDefault: false,
      alias: { ...bundledFallbacks(file), 'grafana-stack': selfEntry() },
    });
    mod = await jiti.import(file);
  } catch (e) {
    const err = e as Error;
    throw new StackError(`cannot load ${file}: ${err.message.split('\n').slice(0, 6).join('\n')}`);
  }
  const m = mod as { default?: unknown };
  let config = m && typeof m === 'object' && 'default' in m ? m.default : undefined;
  if (config === undefined) throw new StackError(`${file} has no default export: write \`export default defineStack({ ... })\``);
  if (typeof config === 'function') config = await (config as () => unknown)();
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

/** This package's entry: dist/index.js when built, src/index.ts when run from source. */
function selfEntry(): string {
  const js = fileURLToPath(new URL('../index.js', import.meta.url));
  return existsSync(js) ? js : js.replace(/\.js$/, '.ts');
}
