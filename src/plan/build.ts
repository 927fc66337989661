import { deepFreeze } from '../core/deep-freeze.js';
import type { StackBuild } from '../model/build.js';
import { outsideCluster } from '../model/placement.js';
import type { Stack } from '../model/stack.js';
import { planStack, startOrder } from './plan.js';
import { defaultIngressService } from '../schema/kubernetes-schema.js';

export type { StackBuild };

/**
 * Stack -> StackBuild: plans the stack and derives what the later steps need. Every
 * command calls this at most once (a test counts it) and hands the value on.
 */
export function buildStack(stack: Stack): StackBuild {
  const plans = planStack(stack);
  const ordered = startOrder(plans);
  const host = outsideCluster(ordered);
  const ingress = defaultIngressService(stack.components);
  return deepFreeze({
    stack,
    plans,
    startOrder: ordered,
    host,
    hostComponents: [...new Set(plans.filter((p) => !host.omitted.some((o) => o.service === p.name)).map((p) => p.component))],
    addons: plans.flatMap((p) => p.addons ?? []),
    ...(stack.components[ingress] ? { ingressDefault: { service: ingress, port: 'http' } } : {}),
  });
}
