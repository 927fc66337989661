/**
 * Kubernetes-style quantities (`500m` CPU, `512Mi` memory), the unit plans speak, in the
 * spellings other targets want.
 */

/** `500m` -> 0.5, `2` -> 2. */
export function cpus(q: string): number {
  return q.endsWith('m') ? Number(q.slice(0, -1)) / 1000 : Number(q);
}

const BINARY: Record<string, string> = { Ki: 'k', Mi: 'm', Gi: 'g', Ti: 't' };

/**
 * Memory in the binary-unit suffixes of Docker and systemd (both count `m` and `M` as
 * MiB): `512Mi` -> `512m` (or `512M` with `upper`). A quantity without a unit is bytes.
 */
export function memoryBytes(q: string, upper = false): string {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti)?$/.exec(q);
  if (!m) return q;
  const unit = BINARY[m[2] ?? ''] ?? '';
  return `${m[1]}${upper ? unit.toUpperCase() : unit}`;
}
