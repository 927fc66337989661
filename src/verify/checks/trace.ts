import type { CheckContext, SignalCheck } from '../check.js';
import { postJson, until } from '../check.js';
import { frameText } from '../grafana-client.js';
import { otlpSpan } from './otlp-json.js';

/** A span sent over OTLP/HTTP to Tempo, read back by trace id through the traces datasource. */
export const traceCheck: SignalCheck = {
  name: 'trace',
  endpoint: { name: 'tempo', component: 'tempo', port: 'otlp-http', description: 'Tempo OTLP/HTTP (spans go to /v1/traces)' },
  datasourceType: 'tempo',
  async run(ctx) {
    if (ctx.push) await postJson(`${ctx.url}/v1/traces`, otlpSpan(ctx.traceId, ctx.runId));
    await untilTraceFound(ctx, ctx.traceId);
    return `trace ${ctx.traceId} ${ctx.push ? 'sent over OTLP/HTTP to Tempo, ' : ''}read back through datasource "${ctx.datasourceUid}"`;
  },
};

/** Until the trace, carrying this run's id, reads back through the check's traces datasource. */
export function untilTraceFound(ctx: CheckContext, traceId: string): Promise<void> {
  return until(ctx.timeoutMs, async () => {
    const frames = await ctx.grafana.query(ctx.datasourceUid, { query: traceId, queryType: 'traceql' }, Date.now() - ctx.windowMs, Date.now() + 60_000);
    return frameText(frames).includes(ctx.runId);
  });
}
