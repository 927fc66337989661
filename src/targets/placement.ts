import type { ServicePlan } from '../model/service-plan.js';

/** Where a container sees a host path it was granted (HostAccess): under /host, the root as /host/root. */
export function containerHostPath(path: string): string {
  if (!path.startsWith('/')) throw new Error(`host path must be absolute: ${JSON.stringify(path)}`);
  return path === '/' ? '/host/root' : `/host${path.replace(/\/+$/, '')}`;
}

/** Resolver method: whether a target runs a service. */
export function plannedIn(plans: readonly ServicePlan[]): (service: string) => boolean {
  return (service) => plans.some((p) => p.name === service);
}
