import { serialize } from '../formats/index.js';
import { resolveValue, type RefResolver } from '../plan/refs.js';
import type { ServicePlan } from '../plan/service-plan.js';
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
