import { existsSync } from 'node:fs';
import { goVersion } from '../../src/artifacts/providers/source.js';
import { componentDefinition } from '../../src/components/registry.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';
import { ensureTestMirror, MIRRORED } from '../tools/mirror.js';

type Component = keyof typeof DEFAULT_VERSIONS;
const CORE: readonly Component[] = ['grafana', 'prometheus', 'loki', 'tempo'];

/**
 * Components no machine of this project can build or download: AGPL-licensed (and Alloy,
 * whose module requires Loki's). Their end-to-end checks run only where the user provides
 * their official binaries: GRAFANA_STACK_BIN_<NAME> (the server binary, e.g.
 * GRAFANA_STACK_BIN_GRAFANA=/usr/share/grafana/bin/grafana), or GRAFANA_STACK_E2E_MIRROR, a
 * mirror of the official release files of every component (<mirror>/<host>/<path>).
 */
export const USER_PROVIDED: readonly Component[] = ['grafana', 'loki', 'tempo', 'mimir', 'pyroscope', 'alloy'];

const binVar = (c: Component) => `GRAFANA_STACK_BIN_${(componentDefinition(c)?.artifact?.binaries[0] ?? c).toUpperCase().replace(/-/g, '_')}`;

/** The user's own binaries of AGPL components, by component, from GRAFANA_STACK_BIN_<NAME>. */
export function userBinaries(): Partial<Record<Component, string>> {
  const out: Partial<Record<Component, string>> = {};
  for (const c of USER_PROVIDED) {
    const p = process.env[binVar(c)];
    if (p && existsSync(p)) out[c] = p;
  }
  return out;
}

/** The mirror the end-to-end tests lock and fetch from: the user's of official archives, else the one built here. */
export async function e2eMirror(): Promise<{ dir: string } | { missing: string }> {
  if (process.env.GRAFANA_STACK_E2E_MIRROR) return { dir: process.env.GRAFANA_STACK_E2E_MIRROR };
  return ensureTestMirror(await goVersion(process.env).catch(() => 'no-go'));
}

/**
 * Why an end-to-end run with these components cannot happen here, or undefined when it
 * can: Grafana, Prometheus, Loki and Tempo plus `extra` by default, or exactly `only`.
 */
export async function missingComponents(extra: readonly Component[] = [], only?: readonly Component[]): Promise<string | undefined> {
  const wanted = only ?? [...CORE, ...extra];
  const reasons: string[] = [];
  if (!process.env.GRAFANA_STACK_E2E_MIRROR) {
    const own = userBinaries();
    const absent = wanted.filter((c) => USER_PROVIDED.includes(c) && !own[c]);
    if (absent.length) {
      reasons.push(
        `NOT RUN: ${absent.map((c) => `${c} ${DEFAULT_VERSIONS[c]}`).join(', ')} cannot run on this machine (AGPL-licensed, never built here, no download possible): ` +
          `set ${absent.map(binVar).join(', ')} to the official binaries, or GRAFANA_STACK_E2E_MIRROR to a mirror of the official release files`,
      );
    }
    const built = wanted.filter((c) => (MIRRORED as readonly string[]).includes(c));
    if (built.length) {
      const m = await e2eMirror();
      if ('missing' in m) reasons.push(m.missing);
    }
  }
  return reasons.length ? reasons.join('; ') : undefined;
}
