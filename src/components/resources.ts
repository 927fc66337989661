import type { Resources } from '../plan/service-plan.js';

/**
 * Requests derived from limits: a quarter of the CPU and half of the memory, so a laptop
 * or a small cluster can schedule the whole stack while bursts stay bounded.
 */
export function resourcesFromLimits(limits: { cpu: string; memory: string }): Resources {
  return { requests: { cpu: scale(limits.cpu, 0.25), memory: scale(limits.memory, 0.5) }, limits };
}

function scale(quantity: string, factor: number): string {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|m)?$/.exec(quantity);
  if (!m) return quantity;
  const [, n, unit = ''] = m;
  if (unit === '' || unit === 'm') {
    const milli = Number(n) * (unit === 'm' ? 1 : 1000) * factor;
    return `${Math.max(1, Math.round(milli))}m`;
  }
  const mebi = Number(n) * { Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024 }[unit]! * factor;
  return `${Math.max(1, Math.round(mebi))}Mi`;
}
