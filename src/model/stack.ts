import type { Ref, Value } from './refs.js';
import type { ResolvedKubernetesSettings } from '../schema/kubernetes-schema.js';
import type { Resources, SecretSource } from './service-plan.js';

/**
 * The resolved stack: plain, immutable data with every default filled in. It is what
 * `grafana-stack config` prints and the only input of the planners.
 */
export interface Stack {
  readonly name: string;
  /** Address the native services bind to (127.0.0.1 unless the config says otherwise). */
  readonly bindAddress: string;
  /** Enabled components only, in registry order. */
  readonly components: Readonly<Record<string, ResolvedComponent>>;
  readonly datasources: readonly Datasource[];
  readonly dashboards: readonly Dashboard[];
  readonly rules: readonly RuleGroup[];
  /** Kubernetes deployment parameters (namespace, storage, scheduling, ingress). */
  readonly kubernetes: ResolvedKubernetesSettings;
  /** Which images the container targets run: the vendors' official ones, or the project's own (`grafana-stack images`). */
  readonly images: 'official' | 'built';
}

export interface ResolvedComponent<O = Record<string, unknown>> {
  readonly name: string;
  readonly version: string;
  /** The user's own binary (absolute, or relative to the project directory) instead of the release archive. */
  readonly binary?: string;
  /** Every port the component listens on, by name (`http`, `grpc`, `memberlist`, ...). */
  readonly ports: Readonly<Record<string, number>>;
  readonly resources: Resources;
  /** Free-form native settings deep-merged into the generated config. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** Secrets by name: where each value comes from (never the value). */
  readonly secrets: Readonly<Record<string, SecretSource>>;
  /** Where the stack's metrics backend scrapes it, if it exposes metrics. */
  readonly metrics?: { readonly port: string; readonly path: string };
  /** Component-specific options, defaults applied. */
  readonly options: O;
}

/** A Grafana datasource as provisioned (`apiVersion: 1` file), with a logical URL. */
export interface Datasource {
  readonly uid: string;
  readonly name: string;
  readonly type: string;
  readonly access: 'proxy' | 'direct';
  readonly url: string | Ref;
  readonly isDefault: boolean;
  readonly editable: boolean;
  readonly jsonData: Readonly<Record<string, Value>>;
  /** Query language of the datasource, used to syntax-check queries that target it. */
  readonly queryLanguage?: QueryLanguage;
}

export type QueryLanguage = 'promql' | 'logql' | 'traceql';

/** A dashboard as Grafana's JSON model (built from the Foundation SDK or given as JSON). */
export interface Dashboard {
  readonly uid: string;
  readonly title: string;
  /** Folder shown in Grafana. */
  readonly folder: string;
  readonly json: Readonly<Record<string, unknown>>;
}

/** A Prometheus rule group, loaded by the stack's metrics backend. */
export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly limit?: number;
  readonly labels?: Readonly<Record<string, string>>;
  readonly rules: readonly Rule[];
}

export type Rule = AlertingRule | RecordingRule;

export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly keep_firing_for?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}
