import type { LockFile } from '../artifacts/lockfile.js';
import { locate } from '../artifacts/locate.js';
import { DEFAULT_PROBE, probeVersion } from '../artifacts/providers/system.js';
import { componentDefinition } from '../components/registry.js';
import type { Stack } from '../model/stack.js';
import { findBinary } from './find-binary.js';
import type { BinaryLocator } from './validators.js';

/**
 * The validators' binaries at the versions the stack pins: the component's store entry
 * first (whichever provider brought it), then GRAFANA_STACK_BIN_<NAME> or PATH when that
 * binary reports the pinned version. Another version is never used (Debian's promtool 2.42
 * rejects what Prometheus 3 accepts): the check is skipped, saying which version was found.
 */
export function pinnedToolLocator(stack: Stack, lock: LockFile | undefined, o: { storeDir: string; projectDir: string; env: NodeJS.ProcessEnv }): BinaryLocator {
  return async (binary) => {
    const owner = Object.entries(stack.components).find(([name]) => componentDefinition(name)?.artifact?.binaries.includes(binary));
    if (!owner) return { missing: `${binary} belongs to no enabled component` };
    const [name, c] = owner;
    const entry = await locate(name, c.version, lock?.components[name], o.storeDir, c.binary ? { binary: c.binary, projectDir: o.projectDir } : { anyOfVersion: true });
    if (entry && binary in entry.files) return { path: `${entry.dir}/${binary}`, version: entry.version, from: 'the store' };
    const variable = `GRAFANA_STACK_BIN_${binary.toUpperCase().replace(/-/g, '_')}`;
    const other = findBinary(binary, o.env);
    const get = `\`grafana-stack fetch ${name}\` puts ${name} ${c.version} into the store`;
    if (!other) return { missing: `${binary} ${c.version} is not in the store (${get}, or set ${variable})` };
    const probe = binary === componentDefinition(name)?.artifact?.binaries[0] ? (componentDefinition(name)?.artifact?.versionProbe ?? DEFAULT_PROBE) : DEFAULT_PROBE;
    const version = await probeVersion(other, probe).catch(() => 'an unknown version');
    const from = o.env[variable] ? variable : 'PATH';
    if (version.replace(/^v/, '').replace(/\+ds.*$/, '') !== c.version) return { missing: `${other} (${from}) is ${binary} ${version}, not the pinned ${c.version} (${get})` };
    return { path: other, version, from };
  };
}
