import type { StackBuild } from '../model/build.js';
import type { ArtifactRef } from '../model/service-plan.js';
import type { ContainerImages } from './container-image.js';

/**
 * A deployment target: the built stack -> files. Targets never import components; what
 * they know of the stack is the StackBuild (the Stack as data and its ServicePlans).
 * A target is a folder with an `entry.ts` (a {@link TargetEntry}, light: what the command
 * line shows) and the code it loads, plus one line in `targets/registry.ts`.
 */
export interface Target<O = unknown> {
  /** Its own options, from the build and the options every render has. */
  options(build: StackBuild, render: TargetRenderOptions): O;
  render(build: StackBuild, options: O): OutputFile[];
}

/** What the command line knows of a target without loading its code (help, completion, the render command's options). */
export interface TargetEntry {
  readonly name: string;
  /** One line, as `render --help` lists it. */
  readonly description: string;
  /** `render` options this target reads (in `options.cli`), shown by `render --help` and completed by the shells. */
  readonly cli?: Readonly<Record<string, TargetCliOption>>;
  /** The container images it references, if any: those of the machine that has them (`compose`) or those a cluster pulls. */
  readonly images?: ImageAudience;
  /** Its output names this machine's paths (the store, the project's state directory): never kept between commands. */
  readonly machine?: true;
  /** Creates the secret files its output points to, once the output can be written; returns those written. */
  provideSecrets?(build: StackBuild, projectDir: string, env: NodeJS.ProcessEnv): Promise<string[]>;
  load(): Promise<Target<any>>;
}

/** A `render` option of a target, in the shape of the command line's option specs (cli/command-spec.ts). */
export interface TargetCliOption {
  readonly type: 'string' | 'boolean';
  /** Placeholder of the value in help (`DIR`). */
  readonly value?: string;
  readonly complete?: 'dir' | 'file';
  readonly description: string;
}

/** The options every render has, whatever the target: each target derives its own from these and the build. */
export interface TargetRenderOptions {
  /** Absolute output directory (native paths point into it). */
  readonly outDir: string;
  /** Project directory: the native state (`.grafana-stack/`) lives here. */
  readonly projectDir: string;
  /** Where each artifact is: the verified store entries for `up`, the conventional store path otherwise. */
  readonly artifactDir: (artifact: ArtifactRef) => string;
  /** Label Compose containers and volumes with this project directory (`compose up`). */
  readonly composeOwner?: string;
  /** The image each service runs from, for Compose (`compose`) or a cluster that pulls them (`cluster`). */
  readonly images: (audience: ImageAudience) => ContainerImages;
  /** The targets' own command-line options (their entries' `cli`: `namespace`, `prefix`), as given. */
  readonly cli: Readonly<Record<string, string | boolean | undefined>>;
}

/** Where containers run: Compose on the machine that has the images, or a cluster that pulls them. */
export type ImageAudience = 'compose' | 'cluster';

/** What a target knows of the stack beyond its plans: its name and bind address. */
export interface TargetContext {
  readonly stackName: string;
  readonly bindAddress: string;
}

export function targetContext(build: StackBuild): TargetContext {
  return { stackName: build.stack.name, bindAddress: build.stack.bindAddress };
}

/** One file of a rendered output, relative to the output directory. */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
  /** Unix mode; 0o644 unless the file holds something private. */
  readonly mode?: number;
}

/** The file that marks a directory as a render of grafana-stack (render/output.ts writes it; a chart ignores it). */
export const RENDER_MARKER = '.grafana-stack-render';

/** Identity function whose only job is typing a target's entry. */
export function defineTarget(entry: TargetEntry): TargetEntry {
  return entry;
}
