import type { ServicePlan } from './service-plan.js';

/** A service a target leaves out, and why (said in the target's output). */
export interface OmittedService {
  readonly service: string;
  readonly reason: string;
}

/**
 * The plans a target without a cluster runs: those marked `onlyIn: 'cluster'`
 * (kube-state-metrics reads a Kubernetes API) are left out, with the reason to print.
 */
export function outsideCluster(plans: readonly ServicePlan[]): { plans: ServicePlan[]; omitted: OmittedService[] } {
  const left = new Set(plans.filter((p) => p.onlyIn === 'cluster').map((p) => p.name));
  return {
    // Nothing waits for a service that is not there.
    plans: plans.filter((p) => !left.has(p.name)).map((p) => (p.dependsOn.some((d) => left.has(d)) ? { ...p, dependsOn: p.dependsOn.filter((d) => !left.has(d)) } : p)),
    omitted: plans.filter((p) => p.onlyIn === 'cluster').map((p) => ({ service: p.name, reason: `${p.name} runs only in a Kubernetes cluster (it reads the cluster's API), so this target leaves it out` })),
  };
}
