import type { Template, Value } from './refs.js';

/**
 * Everything about one running service, without naming a target. Components produce
 * plans; targets (native, systemd, compose, kubernetes) consume them. Nothing in a plan
 * is a concrete host, path or secret value: see {@link Ref}.
 */
export interface ServicePlan {
  /** Service name, unique in the stack and a valid DNS label (`loki`). */
  readonly name: string;
  /** The component that produced it (`loki`). */
  readonly component: string;
  readonly description: string;
  readonly documentation: string;
  readonly artifact: ArtifactRef;
  /** Arguments after the binary. */
  readonly args: readonly Template[];
  readonly env: Readonly<Record<string, Template>>;
  /** Generated files, by path relative to the service's config directory. */
  readonly files: readonly PlanFile[];
  readonly ports: readonly PlanPort[];
  readonly volumes: readonly PlanVolume[];
  readonly health: HealthCheck;
  /** Services that must be started (and ready) first. */
  readonly dependsOn: readonly string[];
  readonly resources: Resources;
  readonly secrets: readonly PlanSecret[];
  /**
   * Environment variables whose value is one of `secrets` (variable -> secret name), for
   * programs that cannot read a secret from a file (Mimir's S3 key, via -config.expand-env).
   * Targets set them from the secret without the value entering a rendered file or argv.
   */
  readonly secretEnv?: Readonly<Record<string, string>>;
  /** Scrape target for the stack's metrics backend, if the service exposes metrics. */
  readonly metrics?: { readonly port: string; readonly path: string };
  /** True when the service must write outside its volumes (so a read-only root needs a tmp). */
  readonly needsTmp?: boolean;
  /** Seconds between SIGTERM and SIGKILL when stopping (every target uses it). */
  readonly stopGraceSeconds: number;
  /** Read access to the cluster API the service uses where it runs in Kubernetes (service discovery). */
  readonly clusterApi?: ClusterApiAccess;
  /**
   * `every-node`: one instance per machine (a node agent such as node-exporter) rather than
   * one per stack: a DaemonSet in Kubernetes; elsewhere the one host is the one node.
   */
  readonly placement?: 'every-node';
  /** Host state it reads; targets that isolate services grant exactly this and say why. */
  readonly hostAccess?: HostAccess;
  /**
   * `cluster`: it only makes sense inside a Kubernetes cluster (kube-state-metrics).
   * Other targets leave it out, say so in their output, and drop config that points at it
   * (see `ref.whenPlanned`).
   */
  readonly onlyIn?: 'cluster';
  /**
   * Artifacts the service reads besides its binary (Grafana plugins), each pinned in the
   * lock under its name and reached through `ref.addonDir(name)`: the store entry natively,
   * a layer of the service's image in containers.
   */
  readonly addons?: readonly AddonRef[];
}

/**
 * Read-only views of the host a service needs (node-exporter: /proc, /sys and the root
 * filesystem). Natively and under systemd it runs on the host and reads them directly;
 * container targets mount each path read-only where `ref.hostPath(path)` points, which
 * Kubernetes only admits in a namespace whose Pod Security level allows host paths.
 */
export interface HostAccess {
  /** Absolute host paths it reads (`/proc`, `/sys`, `/`). */
  readonly paths: readonly string[];
  /** Why, written next to the exemption in the rendered output. */
  readonly reason: string;
}

/** The directory of an addon's store entry that holds the unpacked addon. */
export const ADDON_DIR = 'addon';

/** An archive pinned by sha256 in the lock file, unpacked read-only where the service finds it. */
export interface AddonRef {
  /** Lock and store name (`grafana-plugin-grafana-clock-panel`), a DNS label. */
  readonly name: string;
  readonly version: string;
  /** Where `lock` downloads it to pin its sha256. */
  readonly url: string;
  /**
   * Checks `lock` makes on the unpacked archive before pinning it: the directory holding
   * this file is the addon (a plugin's plugin.json), and these of its JSON fields must match.
   */
  readonly manifest: { readonly file: string; readonly fields: Readonly<Record<string, string>> };
}

/**
 * What a service reads from the Kubernetes API, and where. Targets without a cluster API
 * ignore it; the Kubernetes target turns it into namespaced Roles, a token and egress.
 */
export interface ClusterApiAccess {
  /** Namespaces it reads; `own` is the namespace it runs in. */
  readonly namespaces: readonly ('own' | string)[];
  readonly rules: readonly { readonly apiGroups: readonly string[]; readonly resources: readonly string[]; readonly verbs: readonly string[] }[];
}

export interface ArtifactRef {
  readonly component: string;
  /** Binary name inside the artifact (`loki`, `prometheus`, `grafana`). */
  readonly binary: string;
  readonly version: string;
}

/**
 * `alloy`: Alloy's configuration syntax, content built with `alloy.file()` (formats/alloy.ts).
 * `grafana-provisioning`: YAML that Grafana's provisioning reader expands (`$VAR`,
 * `$__file{}`), every literal `$` of its values written `$$` after references are resolved.
 */
export type FileFormat = 'yaml' | 'json' | 'ini' | 'text' | 'alloy' | 'grafana-provisioning';

export interface PlanFile {
  readonly path: string;
  readonly format: FileFormat;
  /** Structured content (may hold references); `text` files hold a string. */
  readonly content: Value;
  /** Comment written at the top where the format allows it. */
  readonly header?: string;
  /**
   * Set on one of many files of a kind (`dashboards`, `rules`): a target that carries files
   * in size-limited objects (Kubernetes ConfigMaps) may put such files apart from the
   * service's main config, grouped by this name. Files without it are the main config.
   */
  readonly collection?: string;
}

export interface PlanPort {
  readonly name: string;
  readonly port: number;
  readonly protocol: 'http' | 'grpc' | 'tcp';
  /** Published to users (Grafana's UI, OTLP receivers) rather than only used inside the stack. */
  readonly expose: boolean;
}

export interface PlanVolume {
  readonly name: string;
  readonly description: string;
  /** Suggested size where a target must ask for one (Kubernetes PVC). */
  readonly size: string;
}

export interface HealthCheck {
  readonly port: string;
  readonly path: string;
  /** Seconds. */
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  /** How long the service may take to become ready the first time. */
  readonly startupSeconds: number;
}

export interface Resources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly cpu: string; readonly memory: string };
}

/** Where a secret's value comes from. The value itself never appears in a plan. */
export type SecretSource =
  | { readonly env: string }
  | { readonly file: string }
  | { readonly generate: { readonly bytes: number } };

export interface PlanSecret {
  /** Name, unique within the service (`admin-password`). */
  readonly name: string;
  readonly description: string;
  readonly source: SecretSource;
}
