import { createHash } from 'node:crypto';
import { codeIdentity, readCached, writeCached } from '../core/user-cache.js';
import type { KnownQueries } from '../queries/check.js';

/** How many parsed queries are remembered (the most recent). */
const KEEP = 4096;

/**
 * The queries that parsed with this build's grammars, kept in the user's cache as short
 * hashes of language and text: a definition edited elsewhere does not load the grammars
 * to parse the same dashboards' and rules' queries again. Whether a text parses is a pure
 * function of the text and the grammar, which a new build may change, so the key names the
 * build. `check` does not use it: it parses everything. Undefined where nothing is cached.
 */
export function knownQueries(env: NodeJS.ProcessEnv): (KnownQueries & { save(): void }) | undefined {
  const code = codeIdentity();
  if (!code) return undefined;
  const key = `queries-${createHash('sha256').update(code).digest('hex').slice(0, 40)}`;
  const stored = readCached(key, env);
  const known = new Set(Array.isArray(stored) ? stored.filter((h): h is string => typeof h === 'string') : []);
  const before = known.size;
  const digest = (language: string, query: string) => createHash('sha256').update(`${language}\0${query}`).digest('base64url').slice(0, 22);
  return {
    has: (language, query) => known.has(digest(language, query)),
    add: (language, query) => void known.add(digest(language, query)),
    save: () => {
      if (known.size !== before) writeCached(key, env, [...known].slice(-KEEP));
    },
  };
}
