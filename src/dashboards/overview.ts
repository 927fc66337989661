import { createHash } from 'node:crypto';
import { codeIdentity, readCached, writeCached } from '../core/user-cache.js';
import { overviewFromVariants } from './overview-variants.js';

export { OVERVIEW_UID } from './overview-uid.js';

/**
 * The built-in "stack overview" dashboard (written with the Foundation SDK in
 * overview-builder.ts). The SDK is hundreds of modules, several times Node's own start, and
 * its output depends only on the stack's name, its components and this build. So it is taken
 * from what the SDK built ahead of time (overview-variants.ts), and kept in the user's cache
 * (core/user-cache.ts); the SDK is loaded only if no variant fits.
 */
export async function overviewDashboard(stackName: string, enabled: ReadonlySet<string>, env: NodeJS.ProcessEnv = process.env): Promise<Record<string, unknown>> {
  const code = codeIdentity();
  const key = code ? `overview-${createHash('sha256').update(JSON.stringify([code, stackName, [...enabled].sort()])).digest('hex').slice(0, 40)}` : undefined;
  const kept = key ? (readCached(key, env) as { dashboard?: Record<string, unknown> } | undefined)?.dashboard : undefined;
  if (kept) return kept;
  const dashboard = (await overviewFromVariants(stackName, enabled)) ?? (await import('./overview-builder.js')).buildOverviewDashboard(stackName, enabled);
  if (key) writeCached(key, env, { dashboard });
  return dashboard;
}
