import { componentDefinition } from '../../src/components/registry.js';
import type { SourceBuild } from '../../src/artifacts/providers/source.js';
import { fetchSource, sourceStoreKey } from '../../src/artifacts/providers/source.js';
import { defaultStoreDir, findEntry, verifyEntry, type StoreEntry } from '../../src/artifacts/store.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';
import { COMPONENT_MODULE_SUMS, COMPONENT_MODULE_VERSIONS, type BuiltComponent } from './pins.js';

export const BUILT_COMPONENTS = Object.keys(COMPONENT_MODULE_SUMS) as BuiltComponent[];

/** The source build of a permissively licensed component at its default version, with the hash pinned in pins.ts. */
export function componentBuild(name: BuiltComponent): { build: SourceBuild; version: string } {
  const version = DEFAULT_VERSIONS[name];
  if (COMPONENT_MODULE_VERSIONS[name] !== version) {
    throw new Error(`test/tools/pins.ts pins ${name} ${COMPONENT_MODULE_VERSIONS[name]}'s module hash, but the default version is ${version}: update COMPONENT_MODULE_SUMS`);
  }
  const spec = componentDefinition(name)!.artifact!.source!(version);
  return { build: { ...spec, sum: COMPONENT_MODULE_SUMS[name] }, version };
}

/** Builds (or finds) a permissively licensed component in the store. */
export function buildComponent(name: BuiltComponent, log?: (l: string) => void): Promise<StoreEntry> {
  const { build, version } = componentBuild(name);
  return fetchSource(build, { storeDir: defaultStoreDir(), component: name, version, ...(log ? { log } : {}) });
}

/** The store entry of a component built here, without building it (undefined when it is not there). */
export async function builtComponent(name: BuiltComponent, go: string): Promise<StoreEntry | undefined> {
  const { build, version } = componentBuild(name);
  const dir = findEntry(defaultStoreDir(), sourceStoreKey(build, go), name, version);
  return dir ? verifyEntry(dir) : undefined;
}
