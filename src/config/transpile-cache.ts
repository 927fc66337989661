import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cacheRoot } from '../core/cache-root.js';
import { pruneCache } from '../core/user-cache.js';

/** Definitions' files kept transpiled: one file per source path, pruned past twice this many. */
const KEEP = { keep: 64, maxBytes: 64 << 20 };

/**
 * Where jiti keeps the JavaScript it made of a definition's TypeScript files,
 * `$XDG_CACHE_HOME/grafana-stack/transpiled`, or false for none. Transpiling loads and
 * runs Babel: about 0.3 s of every command on an unchanged `grafana-stack.config.ts`.
 * jiti names each file by its source's path and checks a hash of the source before using
 * it, so an edited file is transpiled again. What is kept is code that will run, so the
 * directory is used only if it is this user's and nobody else's (mode 0700): under a
 * shared XDG_CACHE_HOME, another user's files are never run.
 */
export function transpileCacheDir(env: NodeJS.ProcessEnv): string | false {
  const dir = join(cacheRoot(env), 'transpiled');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = statSync(dir);
    if (!st.isDirectory() || (process.getuid && st.uid !== process.getuid()) || (st.mode & 0o077) !== 0) return false;
    pruneCache(dir, '', false, KEEP, (name) => /\.[cm]js$/.test(name));
    return dir;
  } catch {
    return false; // no cache: every load transpiles, as it would anyway
  }
}
