/**
 * The one place where default component versions are pinned: the latest stable release of
 * each at the time of writing. A user overrides one with `<component>.version`; the lock
 * file (see `grafana-stack lock`) pins the artifacts of whatever version is chosen.
 */
export const DEFAULT_VERSIONS = {
  // Grafana's module is served by pseudo-version only; this is the newest this machine's Go
  // module proxy serves (see components/grafana/artifact.ts and notes/building-from-source.md).
  grafana: '10.0.0-preview-81d85ce',
  // 3.16.0 is out, but five of its dependency versions are not served by this machine's Go
  // module proxy, so it cannot be built here: 3.15.0 is the newest that can.
  prometheus: '3.15.0',
  loki: '3.7.8',
  // The newest Tempo the Go module proxy serves (see components/tempo/artifact.ts).
  tempo: '2.8.0-rc.0-87c2dc3',
  alertmanager: '0.34.2',
  // Mimir's module is served by one pseudo-version only: main of 2026-04-23, between 3.0.6
  // and 3.1.0 (see components/mimir/artifact.ts).
  mimir: '3.1.0-main-aced80d',
  // The newest Pyroscope the Go module proxy serves (1.21.2+ and 2.x are refused).
  pyroscope: '1.21.1',
  // Caddy's newest release (2025-11-04) and the newest the Go module proxy serves.
  proxy: '2.11.9',
  // 1.21.1 is known to the proxy but its zip is refused here; 1.19.0 is the newest buildable.
  alloy: '1.19.0',
  'node-exporter': '1.12.1',
  // The newest the proxy serves (2.21+ refused).
  'kube-state-metrics': '2.20.0',
} as const satisfies Record<string, string>;

export type ComponentName = keyof typeof DEFAULT_VERSIONS;

/** Major version of a `x.y.z` string, for version-dependent config. */
export function majorOf(version: string): number {
  return Number(version.replace(/^v/, '').split('.')[0]);
}
