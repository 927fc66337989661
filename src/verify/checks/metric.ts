import type { CheckContext, SignalCheck } from '../check.js';
import { post, until } from '../check.js';
import { frameRows } from '../grafana-client.js';
import { REMOTE_WRITE_HEADERS, encodeWriteRequest, snappyLiteral } from '../remote-write.js';

/**
 * A sample remote-written to Prometheus, read back through the default metrics datasource:
 * Prometheus itself, or Mimir (which Prometheus remote-writes to) when the stack has it.
 */
export const metricCheck: SignalCheck = {
  name: 'metric',
  endpoint: { name: 'prometheus', component: 'prometheus', port: 'http', description: 'Prometheus (remote write goes to /api/v1/write)' },
  datasourceType: 'prometheus',
  async run(ctx) {
    if (ctx.push) {
      const sample = { labels: { __name__: 'grafana_stack_verify', run: ctx.runId, job: 'verify' }, value: 1, timestampMs: Date.now() };
      await post(`${ctx.url}/api/v1/write`, snappyLiteral(encodeWriteRequest([sample])), REMOTE_WRITE_HEADERS);
    }
    await untilSeriesFound(ctx, 'grafana_stack_verify');
    const ds = ctx.stack.datasources.find((d) => d.uid === ctx.datasourceUid);
    // Pushed to Prometheus either way: read through Mimir, the sample has also crossed
    // Prometheus' remote write to Mimir, which is the wiring this proves.
    const via = ds?.jsonData.prometheusType === 'Mimir' ? ` (${ds.name}: Prometheus -> remote write -> ${ds.name} -> Grafana)` : '';
    return `${ctx.push ? 'remote-written to Prometheus, ' : ''}read back through datasource "${ctx.datasourceUid}"${via}`;
  },
};

/** Until the metric's series of this run reads back through the check's metrics datasource (an earlier run's too: over the last day). */
export function untilSeriesFound(ctx: CheckContext, name: string): Promise<void> {
  // An earlier run may be older than Prometheus' 5-minute lookback.
  const expr = ctx.push ? `${name}{run="${ctx.runId}"}` : `last_over_time(${name}{run="${ctx.runId}"}[24h])`;
  return until(ctx.timeoutMs, async () => frameRows(await ctx.grafana.query(ctx.datasourceUid, { expr, instant: true, range: false }, Date.now() - ctx.windowMs, Date.now())) > 0);
}
