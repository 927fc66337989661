import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join } from 'node:path';
import { createHash } from 'node:crypto';
import { currentPlatform } from '../../src/artifacts/platform.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';
import { writeUpstreamMirror, type MirrorSpec } from '../fixtures/upstream-mirror.js';
import { builtComponent } from './components.js';

/** The components packed into the local mirror: every permissively licensed one with a release archive upstream. */
export const MIRRORED = ['prometheus', 'alertmanager', 'node-exporter', 'proxy'] as const;

/**
 * A local mirror of the official release files of Prometheus, Alertmanager, node_exporter
 * and Caddy, laid out as upstream publishes them (test/fixtures/upstream-mirror.ts), holding
 * the binaries built here from their Go modules (upstream's own archives cannot be
 * downloaded on this machine). The end-to-end tests lock, fetch and run the stack from it
 * through the release provider, as a user does from GitHub. Made once per set of built
 * binaries (its directory is named after their store entries) and reused.
 */
export async function ensureTestMirror(go: string): Promise<{ dir: string } | { missing: string }> {
  const entries = await Promise.all(MIRRORED.map(async (c) => [c, await builtComponent(c, go)] as const));
  const missing = entries.filter(([, e]) => !e).map(([c]) => `${c} ${DEFAULT_VERSIONS[c]}`);
  if (missing.length) return { missing: `not built on this machine: ${missing.join(', ')} (npm run fetch:tools -- ${entries.filter(([, e]) => !e).map(([c]) => c).join(' ')} builds them from their Go modules)` };
  const key = createHash('sha256').update(entries.map(([, e]) => basename(e!.dir)).join('\n')).digest('hex').slice(0, 16);
  const root = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'grafana-stack', 'test-mirror');
  const dir = join(root, key);
  if (existsSync(join(dir, '.complete'))) return { dir };
  const platform = currentPlatform();
  const spec: Record<string, MirrorSpec[keyof MirrorSpec]> = {};
  for (const [c, e] of entries) {
    const binaries = Object.fromEntries(Object.keys(e!.files).map((f) => [f, readFileSync(join(e!.dir, f))]));
    spec[c] = { version: DEFAULT_VERSIONS[c], binaries, platforms: [platform] };
  }
  // Built aside and renamed into place: a reader never sees half a mirror.
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  await writeUpstreamMirror(tmp, spec as MirrorSpec);
  writeFileSync(join(tmp, '.complete'), `${entries.map(([c, e]) => `${c} ${e!.dir}`).join('\n')}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return { dir };
}
