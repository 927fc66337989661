import type { ServicePlan } from '../plan/service-plan.js';

/**
 * A deployment target: ServicePlan[] -> files. Targets never import components; what they
 * know of the stack is its name and bind address.
 */
export interface Target<O = unknown> {
  readonly name: string;
  readonly description: string;
  render(plans: readonly ServicePlan[], context: TargetContext, options: O): OutputFile[];
}

export interface TargetContext {
  readonly stackName: string;
  readonly bindAddress: string;
}

/** One file of a rendered output, relative to the output directory. */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
  /** Unix mode; 0o644 unless the file holds something private. */
  readonly mode?: number;
}
