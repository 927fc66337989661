/**
 * The official upstream image of each component, and what running it the way the
 * project runs every container needs to know about it. Facts from each image's
 * Dockerfile at the pinned versions (sources in ../shared/UPSTREAM.md, "Official
 * images"). Every container runs the component's binary by its path (`command`), so an
 * image's entrypoint script or default CMD never decides the flags; as uid 65532 (none of
 * these images' own users is above 10000: Grafana 472, prom/* nobody 65534... and some
 * are root); on a read-only root with writable volumes where the program writes; with
 * every capability dropped. Kubernetes probes are the kubelet's own HTTP and TCP checks,
 * which need nothing in the image; a Compose healthcheck runs inside the container, so
 * the project's static probe is mounted read-only into each (most of these have no
 * shell, and none is sure to keep wget).
 */
export interface OfficialImage {
  /** Fully qualified repository (`docker.io/grafana/grafana`): never left to an engine's short-name rules. */
  readonly repository: string;
  /** The tag of a version: upstream spells them differently (`v3.16.0`, `3.7.8`). */
  readonly tag: (version: string) => string;
  /** The component's binary inside the image. */
  readonly binary: string;
  /** Where the component's artifact is unpacked (Grafana's homepath), for `ref.artifactDir()`. */
  readonly home?: string;
  /**
   * Variables the image sets that would override the generated config, set empty in the
   * container: Grafana's `GF_PATHS_*` (an empty `GF_*` is ignored, so grafana.ini decides).
   */
  readonly neutralEnv?: readonly string[];
  /** Base and shell, user, entrypoint: what the image is, for the docs and for review. */
  readonly facts: string;
}

const GRAFANA_PATHS = ['GF_PATHS_CONFIG', 'GF_PATHS_DATA', 'GF_PATHS_HOME', 'GF_PATHS_LOGS', 'GF_PATHS_PLUGINS', 'GF_PATHS_PROVISIONING'];

/** Official images by component name. */
export const OFFICIAL_IMAGES: Readonly<Record<string, OfficialImage>> = {
  grafana: {
    repository: 'docker.io/grafana/grafana',
    tag: (v) => v,
    binary: '/usr/share/grafana/bin/grafana',
    home: '/usr/share/grafana',
    neutralEnv: GRAFANA_PATHS,
    facts: 'alpine (shell), user 472, entrypoint /run.sh, GF_PATHS_* set in the image',
  },
  prometheus: { repository: 'docker.io/prom/prometheus', tag: (v) => `v${v}`, binary: '/bin/prometheus', facts: 'busybox (shell), user nobody (65534), entrypoint /bin/prometheus' },
  alertmanager: { repository: 'docker.io/prom/alertmanager', tag: (v) => `v${v}`, binary: '/bin/alertmanager', facts: 'busybox (shell), user nobody (65534), entrypoint /bin/alertmanager' },
  'node-exporter': { repository: 'docker.io/prom/node-exporter', tag: (v) => `v${v}`, binary: '/bin/node_exporter', facts: 'busybox (shell), user nobody (65534), entrypoint /bin/node_exporter' },
  loki: { repository: 'docker.io/grafana/loki', tag: (v) => v, binary: '/usr/bin/loki', facts: 'distroless static (no shell), user 10001, entrypoint /usr/bin/loki' },
  tempo: { repository: 'docker.io/grafana/tempo', tag: (v) => v, binary: '/tempo', facts: 'distroless static (no shell), user 10001, entrypoint /tempo' },
  mimir: { repository: 'docker.io/grafana/mimir', tag: (v) => v, binary: '/bin/mimir', facts: 'distroless static (no shell), root (no USER line), entrypoint /bin/mimir' },
  pyroscope: { repository: 'docker.io/grafana/pyroscope', tag: (v) => v, binary: '/usr/bin/pyroscope', facts: 'distroless static (no shell), user 10001, entrypoint /usr/bin/pyroscope' },
  alloy: { repository: 'docker.io/grafana/alloy', tag: (v) => `v${v}`, binary: '/bin/alloy', facts: 'ubuntu (shell), root, entrypoint /bin/alloy' },
  'kube-state-metrics': {
    repository: 'registry.k8s.io/kube-state-metrics/kube-state-metrics',
    tag: (v) => `v${v}`,
    binary: '/kube-state-metrics',
    facts: 'distroless static (no shell), user nobody (65534), entrypoint /kube-state-metrics',
  },
  proxy: { repository: 'docker.io/library/caddy', tag: (v) => v, binary: '/usr/bin/caddy', facts: 'alpine (shell), root, no entrypoint, XDG_CONFIG_HOME=/config, XDG_DATA_HOME=/data' },
};

/** The official image of a component, or an error naming the components that have one. */
export function officialImage(component: string): OfficialImage {
  const image = OFFICIAL_IMAGES[component];
  if (!image) throw new Error(`no official image is known for component "${component}" (known: ${Object.keys(OFFICIAL_IMAGES).join(', ')})`);
  return image;
}
