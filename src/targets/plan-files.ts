import { serialize } from '../formats/index.js';
import { resolveValue, type RefResolver } from '../plan/refs.js';
import type { AddonRef, ServicePlan } from '../plan/service-plan.js';
import { StackError } from '../core/errors.js';
import type { OutputFile } from './target.js';

/** Writes a service's generated files under `<dir>/` (`''`: paths as the plan gives them), references resolved for the target. */
export function planFiles(plan: ServicePlan, resolver: RefResolver, dir = plan.name): OutputFile[] {
  return plan.files.map((f) => ({
    path: dir ? `${dir}/${f.path}` : f.path,
    content: serialize(f.format, resolveValue(f.content, resolver), f.header),
  }));
}

/** Looks up a port of a planned service by name, with an error that names both. */
export function portOf(plans: readonly ServicePlan[], service: string, port: string): number {
  const p = plans.find((x) => x.name === service)?.ports.find((x) => x.name === port);
  if (!p) throw new Error(`no port "${port}" on service "${service}"`);
  return p.port;
}

/**
 * Refuses plans that need a secret as an environment variable on a target that has no way
 * to set one from a secret without writing the value into a file it renders.
 */
export function refuseSecretEnv(plans: readonly ServicePlan[], target: string): void {
  for (const plan of plans) {
    for (const [name, secret] of Object.entries(plan.secretEnv ?? {})) {
      throw new StackError(
        `${plan.name}: secret "${secret}" must reach the program as environment variable ${name}, which the ${target} target cannot set from a secret yet (native, kubernetes and helm can); leave the secret out to use ambient credentials`,
      );
    }
  }
}

/** One of the service's addons by name (a reference to one it does not have is a bug in its component). */
export function addonOf(plan: ServicePlan, addon: string): AddonRef {
  const a = plan.addons?.find((x) => x.name === addon);
  if (!a) throw new Error(`service ${plan.name} has no addon "${addon}"`);
  return a;
}
