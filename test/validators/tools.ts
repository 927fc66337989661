import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { findBinary } from '../../src/validators/find-binary.js';
import { defaultStoreDir, storedBinary } from '../../src/artifacts/store.js';

/**
 * A component binary for the validator tests: GRAFANA_STACK_BIN_<NAME> or PATH, else the
 * store (`grafana-stack fetch`), else a build in the local prebuilt cache.
 */
export async function componentBinary(name: string, version?: string, component = name): Promise<string | undefined> {
  const found = findBinary(name);
  if (found) return found;
  if (version) {
    const stored = await storedBinary(defaultStoreDir(), component, version, name);
    if (stored) return stored;
  }
  const base = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'grafana-stack', 'prebuilt', name);
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).filter((v) => !version || v.replace(/^v/, '') === version.replace(/^v/, ''));
  for (const v of versions.sort().reverse()) {
    const p = join(base, v, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}
