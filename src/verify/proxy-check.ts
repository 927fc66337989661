import { proxyRoutes } from '../components/proxy/config.js';
import { buildStack } from '../plan/build.js';
import type { Stack } from '../model/stack.js';
import { until } from './check.js';

/**
 * Every route of the stack's proxy answers: each backend's readiness endpoint under its
 * prefix (`/prometheus/-/ready`), Grafana's health at the root, all through the proxy's
 * one port. What it proves is the routing; the signal checks prove the backends.
 */
export async function checkProxyRoutes(stack: Stack, proxyUrl: string, timeoutMs: number): Promise<string> {
  const plans = buildStack(stack).plans;
  const paths: string[] = [];
  for (const r of proxyRoutes(stack)) {
    const health = plans.find((p) => p.name === r.service)?.health;
    if (!health || health.port !== r.port) continue;
    if (r.kind === 'prefix') paths.push(`${r.prefix}${health.path}`);
    else if (r.kind === 'rest') paths.push(health.path);
  }
  const failing = new Map<string, string>();
  await until(timeoutMs, async () => {
    failing.clear();
    await Promise.all(
      paths.map(async (p) => {
        const res = await fetch(`${proxyUrl}${p}`, { signal: AbortSignal.timeout(10_000) }).catch((e: Error) => e);
        if (res instanceof Error) failing.set(p, res.message);
        else if (!res.ok) failing.set(p, `HTTP ${res.status}`);
      }),
    );
    if (failing.size) throw new Error([...failing].map(([p, why]) => `${p}: ${why}`).join(', '));
    return true;
  });
  return `${paths.length} routes answer through ${proxyUrl} (${paths.join(', ')})`;
}
