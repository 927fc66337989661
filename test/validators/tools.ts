import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { findBinary } from '../../src/validators/find-binary.js';
import { defaultStoreDir, storedBinary } from '../../src/artifacts/store.js';

/**
 * A binary for the validator tests. Tools without a pinned version come from PATH; a
 * component at a pinned version from GRAFANA_STACK_BIN_<NAME>, the store (`grafana-stack
 * fetch`), or a build in the local prebuilt cache.
 */
export async function componentBinary(name: string, version?: string, component = name): Promise<string | undefined> {
  // A binary on PATH may be another version (Debian's prometheus is 2.42): with a pinned
  // version, only an explicit path or the store will do.
  if (!version) return findBinary(name);
  const explicit = process.env[`GRAFANA_STACK_BIN_${name.toUpperCase()}`];
  if (explicit) return explicit;
  const stored = await storedBinary(defaultStoreDir(), component, version, name);
  if (stored) return stored;
  const base = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'grafana-stack', 'prebuilt', name);
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).filter((v) => !version || v.replace(/^v/, '') === version.replace(/^v/, ''));
  for (const v of versions.sort().reverse()) {
    const p = join(base, v, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}
