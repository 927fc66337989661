import { createHash } from 'node:crypto';
import { codeIdentity, readCached, writeCached } from '../core/user-cache.js';
import type { KnownQueries } from '../queries/check.js';

/**
 * How many parsed queries are remembered: every query of the definition just resolved, then
 * the most recently used others. 4096 had been the bound, and the large stack holds 4,000
 * queries at x1 and 100,000 at x25: past x1, a render after an edit parsed nearly all of
 * them again (1.8 s of 10 at x25). At this bound the file is about 6 MiB of short hashes.
 */
const KEEP = 1 << 18;

/**
 * The queries that parsed with this build's grammars, kept in the user's cache as short
 * hashes of language and text, one file per definition: a definition edited does not load
 * the grammars to parse the same dashboards' and rules' queries again. Whether a text parses is a pure
 * function of the text and the grammar, which a new build may change, so the key names the
 * build. `check` does not use it: it parses everything. Undefined where nothing is cached.
 */
export function knownQueries(env: NodeJS.ProcessEnv, definition: string): (KnownQueries & { save(): void }) | undefined {
  const code = codeIdentity();
  if (!code) return undefined;
  // One file per definition (its path, or the directory of the default stack): a large
  // stack's 100,000 hashes are not read by every render of a small one.
  const key = `queries-${createHash('sha256').update(`${code}\0${definition}`).digest('hex').slice(0, 40)}`;
  const stored = readCached(key, env);
  const known = new Set(Array.isArray(stored) ? stored.filter((h): h is string => typeof h === 'string') : []);
  // This run's queries, known before or parsed now: kept last, so never the ones dropped.
  const used = new Set<string>();
  let added = false;
  const digest = (language: string, query: string) => createHash('sha256').update(`${language}\0${query}`).digest('base64url').slice(0, 22);
  return {
    has: (language, query) => {
      const d = digest(language, query);
      if (!known.has(d)) return false;
      used.add(d);
      return true;
    },
    add: (language, query) => {
      const d = digest(language, query);
      added ||= !known.has(d);
      known.add(d);
      used.add(d);
    },
    save: () => {
      if (!added) return;
      // This run's hashes last: the bound keeps the last KEEP, so it drops others first.
      writeCached(key, env, [...[...known].filter((h) => !used.has(h)), ...used].slice(-KEEP));
    },
  };
}
