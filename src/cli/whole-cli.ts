import { closeSync, fstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Script } from 'node:vm';
import { BUNDLE_BUILD } from '../core/build-id.js';
import { cacheRoot } from '../core/cache-root.js';
import { packageRoot } from '../core/package-root.js';
import type { CommandContext } from './command.js';

/**
 * The whole CLI as one script, run with V8's compiled code of it (a code cache).
 *
 * Why: a command that builds the stack from its definition (render, check) runs most of the
 * CLI's code once. Loaded as ES modules, that is some 60 chunks for Node's loader to resolve
 * and link and 1.5 MB for V8 to parse and compile, in every process: Node 20 keeps no
 * compiled code of ES modules (Node 22's module.enableCompileCache does). A classic script
 * can be given V8's code cache (vm.Script's cachedData, as the v8-compile-cache package does
 * for CommonJS), so here the CLI is also bundled whole into dist/bundle/whole.js (the same
 * code as the split modules: scripts/bundle-cli.mjs), and the cache of a training run is
 * written beside it at build time (scripts/train-whole-cli.mjs). The light commands stay on
 * the split modules, which load far less than the whole (cli/launch.ts chooses).
 *
 * A cache is V8's own, for one V8 version, architecture and set of flags: one that does not
 * fit is rejected by V8 and the code compiled as usual. Then the code this run compiled is
 * kept in the user's cache (`$XDG_CACHE_HOME/grafana-stack/code/`), owner-only, for the next.
 */

/** What the script hands back: main.ts's entry. */
export interface WholeCliExports {
  main(argv: readonly string[], io?: Partial<CommandContext>): Promise<number>;
}

/** The whole CLI, compiled and evaluated in this process. */
export interface WholeCli {
  readonly exports: WholeCliExports;
  /** V8 used the code cache it was given. */
  readonly cacheAccepted: boolean;
  /** V8's code of everything compiled so far (all of the script that ran), for a later process. */
  createCachedData(): Buffer;
}

/** The function the script is: bundled with these three names free (scripts/bundle-cli.mjs). */
type WholeCliScript = (require: NodeJS.Require, exports: Partial<WholeCliExports>, importMetaUrl: string) => Promise<void>;

/** The whole CLI script of this package. */
export function wholeCliFile(): string {
  return join(packageRoot(), 'dist', 'bundle', 'whole.js');
}

/** What a code cache fits, as V8 checks it (flags aside): its version and the architecture. */
const V8_KEY = `${process.versions.v8}-${process.arch}`;

/** The code cache written beside the script at build time, for the V8 that built it. */
export function packageCodeCache(file: string = wholeCliFile()): string {
  return file.replace(/\.js$/, `.${V8_KEY}.codecache`);
}

/** The user's copy, for a Node the package's cache does not fit; undefined outside the bundle. */
export function userCodeCache(env: NodeJS.ProcessEnv): string | undefined {
  if (!BUNDLE_BUILD) return undefined;
  return join(cacheRoot(env), 'code', `${BUNDLE_BUILD}.${V8_KEY}.codecache`);
}

/**
 * Compiles the script (with `cachedData`, if any) and runs its top level, which defines the
 * CLI; undefined when the file is missing.
 */
export async function instantiateWholeCli(file: string, cachedData?: Buffer): Promise<WholeCli | undefined> {
  const read = readScript(file, []);
  return read && instantiate(file, read.source, cachedData);
}

async function instantiate(file: string, source: string, cachedData: Buffer | undefined): Promise<WholeCli> {
  const script = new Script(source, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const exports: Partial<WholeCliExports> = {};
  await (script.runInThisContext() as WholeCliScript)(createRequire(file), exports, pathToFileURL(file).href);
  if (!exports.main) throw new Error(`${file} defines no main: rebuild it (npm run build)`);
  return { exports: exports as WholeCliExports, cacheAccepted: cachedData !== undefined && !script.cachedDataRejected, createCachedData: () => script.createCachedData() };
}

/**
 * The script's source, then the first of `caches` there is, read into the memory the source
 * was read into: on a VM, touching fresh memory costs more than reading the file, and the
 * source's bytes are copied into V8's string before the cache is read. The script is ASCII
 * (the bundle makes it so, test/cli/whole-cli.test.ts holds it), so Latin-1 reads it as it
 * is written and V8 keeps it one byte per character. Undefined when the script is missing.
 */
function readScript(file: string, caches: readonly string[]): { source: string; cachedData?: Buffer } | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let buffer: Buffer;
  try {
    buffer = Buffer.allocUnsafeSlow(fstatSync(fd).size);
    readAll(fd, buffer);
  } finally {
    closeSync(fd);
  }
  const source = buffer.toString('latin1');
  for (const cache of caches) {
    try {
      fd = openSync(cache, 'r');
    } catch {
      continue; // not there: the next one
    }
    try {
      const size = fstatSync(fd).size;
      const into = size <= buffer.length ? buffer.subarray(0, size) : Buffer.allocUnsafeSlow(size);
      return { source, cachedData: into.subarray(0, readAll(fd, into)) };
    } catch {
      // unreadable: the next one
    } finally {
      closeSync(fd);
    }
  }
  return { source };
}

/** Reads the file from its start until `into` is full or the file ends; the bytes read. */
function readAll(fd: number, into: Buffer): number {
  let n = 0;
  for (let r; n < into.length && (r = readSync(fd, into, n, into.length - n, n)) > 0; ) n += r;
  return n;
}

/**
 * Runs a command through the whole CLI, with the user's copy of the code cache or else the
 * package's; undefined when there is no whole CLI (tsc's unbundled build), and the caller
 * runs the split modules instead. When the cache did not fit, what this run compiled is kept
 * in the user's cache for the next. The user's copy comes first: it exists only because the
 * package's did not fit this Node (its V8 version or flags).
 */
export async function runWholeCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number | undefined> {
  const file = wholeCliFile();
  const user = userCodeCache(env);
  const read = readScript(file, user ? [user, packageCodeCache(file)] : [packageCodeCache(file)]);
  if (!read) return undefined;
  const whole = await instantiate(file, read.source, read.cachedData);
  const code = await whole.exports.main(argv);
  if (!whole.cacheAccepted && user) keepCodeCache(user, whole.createCachedData());
  return code;
}

/** Best effort, as the rest of the user's cache: the copy of this build replaces other builds'. */
function keepCodeCache(file: string, data: Buffer): void {
  const dir = join(file, '..');
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(tmp, data, { mode: 0o600 });
    renameSync(tmp, file);
    for (const name of readdirSync(dir)) if (!name.startsWith(`${BUNDLE_BUILD}.`)) rmSync(join(dir, name), { force: true });
  } catch {
    rmSync(tmp, { force: true });
  }
}
