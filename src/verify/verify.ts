import { randomBytes } from 'node:crypto';
import type { Stack } from '../model/stack.js';
import type { VerifyEndpoints } from './endpoints.js';
import { GrafanaClient } from './grafana-client.js';
import { SIGNAL_CHECKS } from './checks/index.js';
import { checkProxyRoutes } from './proxy-check.js';

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  /** From the push to the first successful read through Grafana. */
  readonly seconds: number;
}

export interface VerifyOptions {
  readonly stack: Stack;
  readonly endpoints: VerifyEndpoints;
  readonly user: string;
  readonly password: string;
  /** How long to keep reading before a check fails. */
  readonly timeoutMs?: number;
  readonly onResult?: (r: CheckResult) => void;
  /**
   * Read back an earlier run instead of pushing new data (does data survive a restart?).
   * The ids are those an earlier verifyStack returned.
   */
  readonly lookup?: { readonly runId: string; readonly traceId: string };
}

export interface VerifyOutcome {
  readonly runId: string;
  readonly traceId: string;
  readonly results: CheckResult[];
  /** Checks this stack could not run, each with why (no Grafana to read through). */
  readonly notRun: readonly string[];
}

/**
 * End to end: pushes one of each signal the stack stores (see checks/), each tagged with
 * one unique run id, reads each back through Grafana's datasource query API, and checks
 * the stack's dashboards are provisioned: what passes is what a user would see. A stack
 * without Grafana is read back from each backend's own API instead, for the checks that
 * can (metrics, alerts); with the proxy, every route is checked through its one port too.
 */
export async function verifyStack(o: VerifyOptions): Promise<VerifyOutcome> {
  const runId = o.lookup?.runId ?? randomBytes(8).toString('hex');
  const traceId = o.lookup?.traceId ?? randomBytes(16).toString('hex');
  const timeoutMs = o.timeoutMs ?? 60_000;
  const checks: Promise<CheckResult>[] = [];
  const notRun: string[] = [];
  const check = (name: string, run: () => Promise<string>) => {
    const started = Date.now();
    const p = run().then(
      (detail) => ({ name, ok: true, detail, seconds: (Date.now() - started) / 1000 }),
      (e: Error) => ({ name, ok: false, detail: e.message, seconds: (Date.now() - started) / 1000 }),
    );
    checks.push(p.then((r) => (o.onResult?.(r), r)));
  };
  const base = { stack: o.stack, runId, traceId, push: !o.lookup, windowMs: o.lookup ? 24 * 3600_000 : 300_000, timeoutMs };

  if (!o.stack.components.grafana) {
    for (const signal of SIGNAL_CHECKS) {
      const url = o.endpoints[signal.endpoint.name];
      if (!url || !o.stack.components[signal.endpoint.component] || (o.lookup && signal.persistent === false)) continue;
      if (!signal.runDirect) notRun.push(`${signal.name} (reads back through Grafana, which this stack disables)`);
      else check(signal.name, () => signal.runDirect!({ ...base, url }));
    }
  } else {
    const grafana = new GrafanaClient(o.endpoints.grafana ?? 'http://127.0.0.1:3000', o.user, o.password);
    check('grafana', async () => {
      const h = await grafana.get<{ database?: string; version?: string }>('/api/health');
      if (h.database !== 'ok') throw new Error(`Grafana's database is not ok: ${JSON.stringify(h)}`);
      return `Grafana ${h.version ?? ''} answers at ${grafana.baseUrl}, database ok`;
    });
    for (const signal of SIGNAL_CHECKS) {
      const url = o.endpoints[signal.endpoint.name];
      // The default datasource of the type (Mimir over Prometheus), else the first one.
      const ofType = o.stack.datasources.filter((d) => d.type === signal.datasourceType);
      const datasourceUid = (ofType.find((d) => d.isDefault) ?? ofType[0])?.uid;
      if (!url || !datasourceUid || (o.lookup && signal.persistent === false)) continue;
      check(signal.name, () => signal.run({ ...base, grafana, url, datasourceUid }));
    }
    check('dashboards', async () => {
      const missing: string[] = [];
      for (const d of o.stack.dashboards) {
        try {
          await grafana.get(`/api/dashboards/uid/${encodeURIComponent(d.uid)}`);
        } catch {
          missing.push(`"${d.title}" (${d.uid})`);
        }
      }
      if (missing.length) throw new Error(`not provisioned in Grafana: ${missing.join(', ')}`);
      return `${o.stack.dashboards.length} dashboards provisioned`;
    });
  }
  const proxy = o.endpoints.proxy;
  if (proxy && o.stack.components.proxy) check('proxy', () => checkProxyRoutes(o.stack, proxy, timeoutMs));

  return { runId, traceId, results: await Promise.all(checks), notRun };
}
