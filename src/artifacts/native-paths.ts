import { join } from 'node:path';
import type { StackBuild } from '../model/build.js';
import type { ArtifactRef } from '../model/service-plan.js';
import { locate } from './locate.js';
import { readLock, LOCK_FILE } from './lockfile.js';
import { currentPlatform } from './platform.js';
import { defaultStoreDir, entryDir } from './store.js';

/**
 * Where `render native` says each artifact is: the path the locator really resolves, in
 * the store this environment names (GRAFANA_STACK_STORE, else XDG_CACHE_HOME). A release
 * pinned for this platform is named by its content key, stored yet or not (`up` and `fetch`
 * put it exactly there); anything else stored (the user's own binary, a build from source)
 * by the entry found. What is neither pinned nor stored has no path yet: it is named
 * `<store>/unpinned-<component>-<version>`, which no entry can ever be called (keys are
 * hex), and a note says so, with the command that pins it.
 */
export interface NativeArtifactPaths {
  readonly artifactDir: (artifact: ArtifactRef) => string;
  /** One line for the user when something is not pinned yet; none otherwise. */
  readonly notes: readonly string[];
}

/** The artifact paths of a stack's native render (read-only: nothing is fetched or written). */
export async function nativeArtifactPaths(build: StackBuild, projectDir: string, env: NodeJS.ProcessEnv): Promise<NativeArtifactPaths> {
  const storeDir = defaultStoreDir(env);
  const lock = await readLock(projectDir);
  const platform = currentPlatform();
  const wanted = [
    ...Object.entries(build.stack.components).map(([name, c]) => ({ name, version: c.version, binary: c.binary, locked: lock?.components[name] })),
    ...build.addons.map((a) => ({ name: a.name, version: a.version, binary: undefined, locked: lock?.addons?.[a.name] })),
  ];
  const dirs = new Map<string, string>();
  const unpinned: string[] = [];
  for (const w of wanted) {
    const locked = w.locked?.version === w.version ? w.locked : undefined;
    const release = locked?.release?.[platform];
    if (release && !w.binary) {
      const { releaseStoreKey } = await import('./providers/release.js');
      dirs.set(w.name, entryDir(storeDir, releaseStoreKey(release), w.name, w.version));
      continue;
    }
    const found = await locate(w.name, w.version, locked, storeDir, w.binary ? { binary: w.binary, projectDir } : {}).catch(() => undefined);
    if (found) {
      dirs.set(w.name, found.dir);
      continue;
    }
    dirs.set(w.name, unpinnedArtifactDir(storeDir, { component: w.name, version: w.version }));
    unpinned.push(`${w.name} ${w.version}`);
  }
  const notes = unpinned.length
    ? [
        `not pinned for ${platform} in ${LOCK_FILE} and not in the store: ${unpinned.join(', ')}; their paths name ${join(storeDir, 'unpinned-<component>-<version>')} until \`grafana-stack lock\` pins them (\`up\` pins and fetches first)`,
      ]
    : [];
  return {
    artifactDir: (a) => dirs.get(a.component) ?? unpinnedArtifactDir(storeDir, a),
    notes,
  };
}

/** The path of an artifact with no pin and no store entry (see above). */
export function unpinnedArtifactDir(storeDir: string, a: Pick<ArtifactRef, 'component' | 'version'>): string {
  return join(storeDir, `unpinned-${a.component}-${a.version}`);
}
