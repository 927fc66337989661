import { componentBinary } from '../tools/binaries.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';
import { componentDefinition } from '../../src/components/registry.js';

type Component = keyof typeof DEFAULT_VERSIONS;
const CORE: readonly Component[] = ['grafana', 'prometheus', 'loki', 'tempo'];

/**
 * Why an end-to-end run with the real binaries cannot happen here, or undefined when
 * Grafana, Prometheus, Loki and Tempo (and `extra`) at their pinned versions are all in
 * the store (each component's server binary: node-exporter's is node_exporter).
 */
export async function missingComponents(extra: readonly Component[] = []): Promise<string | undefined> {
  const missing: string[] = [];
  for (const name of [...CORE, ...extra]) {
    const binary = componentDefinition(name)?.artifact?.binaries[0] ?? name;
    if (!(await componentBinary(binary, DEFAULT_VERSIONS[name], name))) missing.push(`${name} ${DEFAULT_VERSIONS[name]}`);
  }
  return missing.length ? `not in the store on this machine: ${missing.join(', ')} (npm run fetch:source builds them once, about 20 minutes cold)` : undefined;
}
