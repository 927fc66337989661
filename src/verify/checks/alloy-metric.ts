import type { SignalCheck } from '../check.js';
import { post, until } from '../check.js';
import { frameRows } from '../grafana-client.js';
import { ALLOY_ENDPOINT } from './alloy-trace.js';
import { otlpGauge } from './otlp-json.js';

/** An OTLP gauge sent to Alloy, which remote-writes it to the metrics backend. */
export const alloyMetricCheck: SignalCheck = {
  name: 'alloy-metric',
  endpoint: ALLOY_ENDPOINT,
  datasourceType: 'prometheus',
  async run(ctx) {
    const name = 'grafana_stack_verify_alloy';
    if (ctx.push) await post(`${ctx.url}/v1/metrics`, JSON.stringify(otlpGauge(name, ctx.runId)), { 'Content-Type': 'application/json' });
    const expr = ctx.push ? `${name}{run="${ctx.runId}"}` : `last_over_time(${name}{run="${ctx.runId}"}[24h])`;
    await until(ctx.timeoutMs, async () => frameRows(await ctx.grafana.query(ctx.datasourceUid, { expr, instant: true, range: false }, Date.now() - ctx.windowMs, Date.now())) > 0);
    return `${ctx.push ? 'sent over OTLP/HTTP to Alloy, ' : ''}read back through datasource "${ctx.datasourceUid}"`;
  },
};
