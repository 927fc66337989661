/**
 * The one place where default component versions are pinned: the newest stable upstream
 * release of each (as of 2026-11-30; sources in ../shared/UPSTREAM.md and beside each
 * component's config code). A user overrides one with `<component>.version`; the lock file
 * (see `grafana-stack lock`) pins the official release archives of whatever version is chosen.
 */
export const DEFAULT_VERSIONS = {
  grafana: '13.2.3',
  prometheus: '3.16.0',
  loki: '3.7.8',
  tempo: '3.1.0',
  alertmanager: '0.35.0',
  mimir: '3.2.1',
  pyroscope: '2.3.2',
  proxy: '2.11.9',
  alloy: '1.20.1',
  'node-exporter': '1.12.1',
  'kube-state-metrics': '2.20.0',
} as const satisfies Record<string, string>;

export type ComponentName = keyof typeof DEFAULT_VERSIONS;
