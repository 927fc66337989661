import type { CheckContext, DirectCheckContext, SignalCheck } from '../check.js';
import { getJson, post, until } from '../check.js';
import { frameRows } from '../grafana-client.js';
import { REMOTE_WRITE_HEADERS, encodeWriteRequest, snappyLiteral } from '../remote-write.js';

const METRIC = 'grafana_stack_verify';

/**
 * A sample remote-written to Prometheus, read back through the default metrics datasource:
 * Prometheus itself, or Mimir (which Prometheus remote-writes to) when the stack has it;
 * without Grafana, from Prometheus' own query API.
 */
export const metricCheck: SignalCheck = {
  name: 'metric',
  endpoint: { name: 'prometheus', component: 'prometheus', port: 'http', description: 'Prometheus (remote write goes to /api/v1/write)' },
  datasourceType: 'prometheus',
  async run(ctx) {
    await pushSample(ctx);
    await untilSeriesFound(ctx, METRIC);
    const ds = ctx.stack.datasources.find((d) => d.uid === ctx.datasourceUid);
    // Pushed to Prometheus either way: read through Mimir, the sample has also crossed
    // Prometheus' remote write to Mimir, which is the wiring this proves.
    const via = ds?.jsonData.prometheusType === 'Mimir' ? ` (${ds.name}: Prometheus -> remote write -> ${ds.name} -> Grafana)` : '';
    return `${ctx.push ? 'remote-written to Prometheus, ' : ''}read back through datasource "${ctx.datasourceUid}"${via}`;
  },
  async runDirect(ctx) {
    await pushSample(ctx);
    await until(ctx.timeoutMs, async () => (await queryPrometheus(ctx.url, seriesExpr(ctx, METRIC))) > 0);
    return `${ctx.push ? 'remote-written to Prometheus, ' : ''}read back from its query API`;
  },
};

async function pushSample(ctx: DirectCheckContext): Promise<void> {
  if (!ctx.push) return;
  const sample = { labels: { __name__: METRIC, run: ctx.runId, job: 'verify' }, value: 1, timestampMs: Date.now() };
  await post(`${ctx.url}/api/v1/write`, snappyLiteral(encodeWriteRequest([sample])), REMOTE_WRITE_HEADERS);
}

/** The run's series of a metric; an earlier run may be older than Prometheus' 5-minute lookback, so it looks back a day. */
export function seriesExpr(ctx: DirectCheckContext, name: string): string {
  return ctx.push ? `${name}{run="${ctx.runId}"}` : `last_over_time(${name}{run="${ctx.runId}"}[24h])`;
}

/** How many series an instant query returns from a Prometheus-compatible query API at `base`. */
export async function queryPrometheus(base: string, expr: string): Promise<number> {
  const r = await getJson<{ status: string; data?: { result?: unknown[] } }>(`${base}/api/v1/query?query=${encodeURIComponent(expr)}`);
  return r.data?.result?.length ?? 0;
}

/** Until the metric's series of this run reads back through the check's metrics datasource (an earlier run's too: over the last day). */
export function untilSeriesFound(ctx: CheckContext, name: string): Promise<void> {
  const expr = seriesExpr(ctx, name);
  return until(ctx.timeoutMs, async () => frameRows(await ctx.grafana.query(ctx.datasourceUid, { expr, instant: true, range: false }, Date.now() - ctx.windowMs, Date.now())) > 0);
}
