import { COMPONENT_LIST } from '../components/registry.js';
import { StackError, type Problem } from '../core/errors.js';
import type { Stack } from '../model/stack.js';
import type { ServicePlan } from '../model/service-plan.js';

/** Stack -> ServicePlan[]: every enabled component plans its services. */
export function planStack(stack: Stack): ServicePlan[] {
  const plans = COMPONENT_LIST.filter((c) => stack.components[c.name]).flatMap((c) => c.plan(stack, stack.components[c.name]!));
  const problems: Problem[] = [];
  const names = new Set<string>();
  for (const p of plans) {
    if (names.has(p.name)) problems.push({ path: p.component, message: `service name "${p.name}" is planned twice` });
    names.add(p.name);
  }
  for (const p of plans) {
    for (const d of p.dependsOn) if (!names.has(d)) problems.push({ path: p.component, message: `depends on unknown service "${d}"` });
  }
  if (problems.length) throw new StackError('inconsistent service plans (a bug in a component)', problems, 70);
  return plans;
}

/** Plans in an order where every service comes after its dependencies. */
export function startOrder(plans: readonly ServicePlan[]): ServicePlan[] {
  const byName = new Map(plans.map((p) => [p.name, p]));
  const out: ServicePlan[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (p: ServicePlan, chain: string[]): void => {
    const s = state.get(p.name);
    if (s === 'done') return;
    if (s === 'visiting') throw new StackError(`dependency cycle: ${[...chain, p.name].join(' -> ')}`);
    state.set(p.name, 'visiting');
    for (const d of p.dependsOn) visit(byName.get(d)!, [...chain, p.name]);
    state.set(p.name, 'done');
    out.push(p);
  };
  for (const p of plans) visit(p, []);
  return out;
}
