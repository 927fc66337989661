import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as z from 'zod';
import type { ArtifactSpec } from './artifact-spec.js';
import type { Template } from '../model/refs.js';
import type { ServicePlan } from '../model/service-plan.js';
import type { Datasource, ResolvedComponent, Stack } from '../model/stack.js';

/**
 * One component of the stack: its options, its ports, and how it turns the resolved
 * Stack into ServicePlans. Adding a component is a folder exporting one of these, its
 * entry in `components/registry.ts`, and its test. Components never import targets.
 */
export interface ComponentDefinition<O extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  readonly title: string;
  /** Its default version: the newest stable upstream release when this tool was released. */
  readonly version: string;
  /** Part of the stack when the config does not mention it. */
  readonly defaultEnabled: boolean;
  /** Ports with their default numbers; defaults are distinct across components by design. */
  readonly ports: Readonly<Record<string, PortDefault>>;
  /**
   * Why `settings` (free-form native config, deep-merged) cannot apply, when its config is
   * not a document to merge into (flags, Alloy syntax): the resolver then refuses settings
   * with this reason instead of dropping them.
   */
  readonly settingsUnsupported?: string;
  /** Component-specific options (the common ones are added by the registry). */
  readonly options: O;
  /** Default resource limits, used by Compose and Kubernetes; requests are derived. */
  readonly resources: { readonly cpu: string; readonly memory: string };
  /** Where the stack's metrics backend scrapes this component. */
  readonly metrics?: { readonly port: string; readonly path: string };
  /** Secrets this component needs, with the option key that may reference each. */
  readonly secrets?: readonly SecretDefault[];
  /** Where its binaries come from (absent: not fetchable yet). */
  readonly artifact?: ArtifactSpec;
  /**
   * Variables its clients read by convention (logcli: LOKI_ADDR), set by `shell` and `env`
   * to this stack's address of the port, or to a fixed value.
   */
  readonly clientEnv?: Readonly<Record<string, ClientEnvValue>>;
  /**
   * The OTLP/HTTP receiver it offers apps, for the OpenTelemetry SDK variables `shell` and
   * `env` set (see shell/otel-environment.ts): which signals it takes, and whether it is a
   * collector that forwards them (preferred over a backend's own receiver).
   */
  readonly otlpIntake?: OtlpIntake;
  /**
   * Commands `shell` puts on PATH besides the artifact's binaries: a binary of the
   * artifact with arguments that point it at this stack's native config and data.
   */
  readonly clientTools?: Readonly<Record<string, ClientTool>>;
  /** Its own tools that check its rendered config (`grafana-stack check` runs them). */
  readonly validators?: readonly ComponentValidator[];
  /** Grafana datasources this component offers, cross-linked with the rest of the stack. */
  datasources?(stack: StackDraft, self: ResolvedComponent<z.output<O>>): Datasource[];
  plan(stack: Stack, self: ResolvedComponent<z.output<O>>): ServicePlan[];
}

/** A component's own validator, run on a native render (`grafana-stack check`, the tests). */
export interface ComponentValidator {
  /** As `check` prints it: `amtool check-config`. */
  readonly name: string;
  /** A binary of some component's artifact (found in the store), or on PATH. */
  readonly binary: string;
  /** The rendered files it checks, relative to the render directory. */
  files(renderDir: string): string[];
  /** Its arguments for one file (an absolute path). */
  args(file: string): string[];
}

/** The one rendered file of a service, when it was rendered: most validators check exactly that. */
export function renderedFile(path: string): (renderDir: string) => string[] {
  return (dir) => (existsSync(join(dir, path)) ? [path] : []);
}

export interface PortDefault {
  readonly port: number;
  readonly protocol: 'http' | 'grpc' | 'tcp';
  readonly description: string;
  /** Reached by users rather than only by other services of the stack. */
  readonly expose?: boolean;
}

/** An address of one of the component's ports (a URL, or `host:port` with `hostPort`), or a fixed value. */
export type ClientEnvValue = { readonly port: string; readonly path?: string; readonly hostPort?: true } | { readonly value: string };

export type OtlpSignal = 'traces' | 'metrics' | 'logs';

export interface OtlpIntake {
  /** Its OTLP/HTTP port. */
  readonly port: string;
  readonly signals: readonly OtlpSignal[];
  /** A collector (Alloy) forwarding to the backends, rather than a backend storing the signal. */
  readonly collector?: boolean;
}

export interface ClientTool {
  readonly description: string;
  readonly binary: string;
  readonly args: readonly Template[];
  /** Directories created before it runs (those it refuses to start without). */
  readonly dirs?: readonly Template[];
}

export interface SecretDefault {
  readonly name: string;
  readonly description: string;
  /** Option key (dotted for a nested one: `storage.secretAccessKey`) holding a `{ env } | { file }` reference, if the user may provide it. */
  readonly option?: string;
  /** Random bytes when generated. */
  readonly bytes: number;
  /** A credential of something outside the stack (an S3 key): absent unless given, never generated. */
  readonly onlyWhenGiven?: true;
}

/** The stack before datasources are known: what a component may look at to offer its own. */
export type StackDraft = Omit<Stack, 'datasources' | 'dashboards' | 'kubernetes'>;

/** Identity function whose only job is typing a component definition. */
export function defineComponent<O extends z.ZodObject>(def: ComponentDefinition<O>): ComponentDefinition<O> {
  return def;
}
