import { base2Units, bytesOf, millicores } from '../core/quantity.js';

/**
 * Kubernetes quantities (`500m` CPU, `512Mi` memory), the unit plans speak, in the
 * spellings other targets want. Parsing is core/quantity.ts's (the schema refused anything
 * else already), so a quantity means the same number in every target.
 */

/** `500m` -> 0.5, `2` -> 2. */
export function cpus(q: string): number {
  return millicores(q) / 1000;
}

/**
 * Memory in the binary-unit suffixes of Docker and systemd (both count `m` and `M` as
 * MiB): `512Mi` -> `512m` (or `512M` with `upper`), `1.5Gi` -> `1536m`, `1G` ->
 * `1000000000` (bytes, no unit, when no power of 1024 divides it).
 */
export function memoryBytes(q: string, upper = false): string {
  const [n, unit] = base2Units(bytesOf(q));
  return `${n}${upper ? unit : unit.toLowerCase()}`;
}
