import { bytesOf, millicores } from '../core/quantity.js';
import type { Resources } from '../model/service-plan.js';

/**
 * Requests derived from limits: a quarter of the CPU and half of the memory, so a laptop
 * or a small cluster can schedule the whole stack while bursts stay bounded. A request
 * never exceeds its limit: the smallest limits (1m, 6Mi) still leave 1m and 3Mi.
 */
export function resourcesFromLimits(limits: { cpu: string; memory: string }): Resources {
  const cpu = Math.max(1, Math.round(millicores(limits.cpu) / 4));
  const mebi = Math.max(1, Math.round(bytesOf(limits.memory) / 2 / 1024 ** 2));
  return { requests: { cpu: `${cpu}m`, memory: `${mebi}Mi` }, limits };
}
