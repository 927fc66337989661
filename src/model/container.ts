import type { ArtifactRef } from './service-plan.js';

/**
 * Where things live inside the images grafana-stack builds. The image builder and the
 * container targets (Compose, Kubernetes) both follow these paths, so a rendered
 * deployment and an image built on another machine fit together.
 */
export const CONTAINER = {
  /** uid and gid of the `nonroot` user every image runs as (as in distroless images). */
  uid: 65532,
  gid: 65532,
  user: 'nonroot',
  /** The static healthcheck probe: `grafana-stack-probe URL` exits 0 on a 2xx answer. */
  probe: '/usr/bin/grafana-stack-probe',
  caBundle: '/etc/ssl/certs/ca-certificates.crt',
  /** A component's artifact (binary and assets such as Grafana's conf/ and public/). */
  artifactDir: (component: string): string => `/opt/${component}`,
  /** An addon of a service (a Grafana plugin), a read-only layer of its image. */
  addonDir: (addon: string): string => `/opt/addons/${addon}`,
  /** A service's generated config directory (mounted read-only). */
  configDir: (service: string): string => `/etc/grafana-stack/${service}`,
  /** A service's volume; `data` is the service's data directory itself. */
  dataDir: (service: string, volume: string): string => (volume === 'data' ? `/var/lib/${service}` : `/var/lib/${service}/${volume}`),
  /** A secret's file (Compose and Kubernetes both mount secrets here). */
  secretFile: (service: string, secret: string): string => `/run/secrets/${service}-${secret}`,
} as const;

/**
 * Where the project's own images are named before they are pushed anywhere:
 * `localhost/grafana-stack/loki:3.7.8`. The `localhost/` keeps the name from resolving to
 * a Docker Hub namespace that anyone could register; engines treat it as a registry that
 * is never contacted (podman names loaded images so, Docker keeps the name as given).
 */
export const LOCAL_IMAGE_REPOSITORY = 'localhost/grafana-stack';

/**
 * The image reference of a component's artifact (`localhost/grafana-stack/loki:3.7.8`), or
 * under another repository where a cluster pulls it from (`registry.example.com/obs/loki:3.7.8`).
 */
export function imageRef(artifact: Pick<ArtifactRef, 'component' | 'version'>, repository = LOCAL_IMAGE_REPOSITORY): string {
  return `${repository}/${artifact.component}:${artifact.version}`;
}
