import { componentBinary } from '../tools/binaries.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';

/**
 * Why an end-to-end run with the real binaries cannot happen here, or undefined when
 * Grafana, Prometheus, Loki and Tempo at their pinned versions are all in the store.
 */
export async function missingComponents(): Promise<string | undefined> {
  const missing: string[] = [];
  for (const name of ['grafana', 'prometheus', 'loki', 'tempo'] as const) {
    if (!(await componentBinary(name, DEFAULT_VERSIONS[name], name))) missing.push(`${name} ${DEFAULT_VERSIONS[name]}`);
  }
  return missing.length ? `not in the store on this machine: ${missing.join(', ')} (npm run fetch:source builds them once, about 20 minutes cold)` : undefined;
}
