import type { SignalCheck } from '../check.js';
import { post, until } from '../check.js';
import { frameText } from '../grafana-client.js';
import { viaTraceId } from './otlp-json.js';
import { otlpSpan } from './trace.js';

/** The OTLP/HTTP receiver of Alloy, the stack's telemetry entry point (when enabled). */
export const ALLOY_ENDPOINT = { name: 'alloy', component: 'alloy', port: 'otlp-http', description: 'Alloy OTLP/HTTP (spans, logs and metrics go to /v1/{traces,logs,metrics})' };

/** A span sent to Alloy, which forwards it to Tempo: read back by its own trace id. */
export const alloyTraceCheck: SignalCheck = {
  name: 'alloy-trace',
  endpoint: ALLOY_ENDPOINT,
  datasourceType: 'tempo',
  async run(ctx) {
    const traceId = viaTraceId(ctx.traceId, 'alloy');
    if (ctx.push) await post(`${ctx.url}/v1/traces`, JSON.stringify(otlpSpan(traceId, ctx.runId)), { 'Content-Type': 'application/json' });
    await until(ctx.timeoutMs, async () => {
      const frames = await ctx.grafana.query(ctx.datasourceUid, { query: traceId, queryType: 'traceql' }, Date.now() - ctx.windowMs, Date.now() + 60_000);
      return frameText(frames).includes(ctx.runId);
    });
    return `trace ${traceId} ${ctx.push ? 'sent over OTLP/HTTP to Alloy, ' : ''}read back through datasource "${ctx.datasourceUid}"`;
  },
};
