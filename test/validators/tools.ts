import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { findBinary } from '../../src/validators/find-binary.js';

/**
 * A component binary for the validator tests: GRAFANA_STACK_BIN_<NAME> or PATH, else one
 * built from source into the local cache (the artifacts layer's source provider).
 */
export function componentBinary(name: string, version?: string): string | undefined {
  const found = findBinary(name);
  if (found) return found;
  const base = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'grafana-stack', 'prebuilt', name);
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).filter((v) => !version || v.replace(/^v/, '') === version.replace(/^v/, ''));
  for (const v of versions.sort().reverse()) {
    const p = join(base, v, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}
