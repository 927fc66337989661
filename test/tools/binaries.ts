import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { findBinary } from '../../src/validators/find-binary.js';
import { defaultStoreDir, findEntry, storedBinary, verifyEntry } from '../../src/artifacts/store.js';
import { goVersion } from '../../src/artifacts/providers/source.js';
import { toolBinaryName, toolStoreKey } from './store.js';
import { TOOL_PINS, type ToolId, type ToolPin } from './pins.js';

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

/** A pinned test tool from the store (`npm run fetch:tools`), or an explicit GRAFANA_STACK_BIN_<ID>. */
export async function toolBinary(id: ToolId): Promise<string | undefined> {
  const explicit = process.env[`GRAFANA_STACK_BIN_${id.toUpperCase().replaceAll('-', '_')}`];
  if (explicit) return explicit;
  const pin: ToolPin = TOOL_PINS[id];
  const binary = toolBinaryName(pin);
  // The exact build (module, flags, Go version), as `locate` does for components: an
  // entry of the same version built with other flags is not this tool.
  let go: string;
  try {
    go = await goVersion(process.env);
  } catch {
    return undefined;
  }
  const dir = findEntry(defaultStoreDir(), toolStoreKey(pin, go), pin.name, pin.version);
  if (!dir) return undefined;
  const entry = await verifyEntry(dir);
  return binary in entry.files ? join(entry.dir, binary) : undefined;
}

/** The reason a check that needs the tool is skipped, naming the command that fixes it. */
export function missingTool(id: ToolId): string {
  return `${id} ${TOOL_PINS[id].version} is not in the store on this machine (npm run fetch:tools -- ${id} builds it)`;
}

/**
 * Why a check that needs a component's binary cannot run here, naming what provides it:
 * the AGPL components are never built on this machine (the user gives their official
 * binary), the permissive ones are built by `npm run fetch:tools`.
 */
export function componentMissing(component: string, version: string, binary = component): string {
  const variable = `GRAFANA_STACK_BIN_${binary.toUpperCase().replace(/-/g, '_')}`;
  if (['grafana', 'loki', 'tempo', 'mimir', 'pyroscope', 'alloy'].includes(component)) {
    return `NOT RUN: ${component} ${version} cannot run on this machine (AGPL-licensed, never built here, no download possible): set ${variable} to its official binary`;
  }
  return `${binary} of ${component} ${version} is not in the store on this machine (npm run fetch:tools -- ${component} builds it)`;
}
