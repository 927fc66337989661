import { componentDefinition } from '../components/registry.js';
import { StackError } from '../core/errors.js';
import type { LockedComponent } from './lockfile.js';
import { currentPlatform } from './platform.js';
import { fetchRelease } from './providers/release.js';
import { fetchSource } from './providers/source.js';
import { storeSystem } from './providers/system.js';
import type { StoreEntry } from './store.js';

export type Provider = 'release' | 'source' | 'system';
export const PROVIDERS: readonly Provider[] = ['release', 'source', 'system'];

export interface FetchOptions {
  /** Where from (default: the user's own binary when `binary` is given, else the release). */
  readonly from?: Provider;
  /** The definition's `binary` for this component. */
  readonly binary?: string;
  readonly projectDir?: string;
  readonly storeDir: string;
  readonly mirror?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (line: string) => void;
  readonly progress?: (received: number, total: number | undefined) => void;
}

/**
 * Puts one component (or addon) into the store from the provider asked for: the official
 * release pinned for this platform, the user's own binary (version-checked), or, for
 * permissively licensed components only, a build of the pinned Go module.
 */
export async function fetchComponent(name: string, version: string, locked: LockedComponent | undefined, o: FetchOptions): Promise<StoreEntry> {
  const spec = componentDefinition(name)?.artifact;
  const from = o.from ?? (o.binary ? 'system' : 'release');
  if (from === 'system') {
    if (!spec) throw new StackError(`${name} is not a component: only components run from your own binary`, [], 2);
    return storeSystem(name, version, spec, { storeDir: o.storeDir, ...(o.binary ? { path: o.binary } : {}), ...(o.env ? { env: o.env } : {}), ...(o.projectDir ? { projectDir: o.projectDir } : {}), ...(o.log ? { log: o.log } : {}) });
  }
  if (from === 'source') {
    if (spec && !spec.source) throw sourceRefused(name, spec.licence);
    if (!locked?.source) throw new StackError(`${name} ${version}: the lock pins no Go module build: run \`grafana-stack lock --source\` first (it needs Go)`, [], 3);
    return fetchSource(locked.source, { storeDir: o.storeDir, component: name, version, ...(o.log ? { log: o.log } : {}) });
  }
  const platform = currentPlatform();
  const release = locked?.release?.[platform];
  if (!release) throw noRelease(name, version, platform, Boolean(spec?.source), Boolean(locked));
  return fetchRelease(release, { storeDir: o.storeDir, component: name, version, ...(o.mirror ? { mirror: o.mirror } : {}), ...(o.progress ? { progress: o.progress } : {}) });
}

/** Why a component is never built from source here, and what to use instead. */
export function sourceRefused(name: string, licence: string): StackError {
  return new StackError(
    `${name} is ${licence}: grafana-stack never downloads or builds its Go module. Use its official release archive ` +
      `(\`grafana-stack fetch ${name}\`) or your own binary (\`grafana-stack fetch --from system ${name}\`, or \`${name}: { binary: /path }\` in the definition)`,
    [],
    3,
  );
}

function noRelease(name: string, version: string, platform: string, buildable: boolean, locked: boolean): StackError {
  const why = locked ? `the lock pins no ${platform} release archive of ${name} ${version}` : `${name} is not in the lock file (run \`grafana-stack lock\`)`;
  const ways = [`your own binary: \`grafana-stack fetch --from system ${name}\`, or \`${name}: { binary: /path }\` in the definition`];
  if (buildable) ways.push(`a build of its Go module: \`grafana-stack lock --source && grafana-stack fetch --from source ${name}\` (needs Go)`);
  return new StackError(`${why}; instead:\n${ways.map((w) => `  - ${w}`).join('\n')}`, [], 3);
}
