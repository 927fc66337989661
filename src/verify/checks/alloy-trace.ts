import type { SignalCheck } from '../check.js';
import { postJson } from '../check.js';
import { otlpSpan, viaTraceId } from './otlp-json.js';
import { untilTraceFound } from './trace.js';

/** The OTLP/HTTP receiver of Alloy, the stack's telemetry entry point (when enabled). */
export const ALLOY_ENDPOINT = { name: 'alloy', component: 'alloy', port: 'otlp-http', description: 'Alloy OTLP/HTTP (spans, logs and metrics go to /v1/{traces,logs,metrics})' };

/** A span sent to Alloy, which forwards it to Tempo: read back by its own trace id. */
export const alloyTraceCheck: SignalCheck = {
  name: 'alloy-trace',
  endpoint: ALLOY_ENDPOINT,
  datasourceType: 'tempo',
  async run(ctx) {
    const traceId = viaTraceId(ctx.traceId, 'alloy');
    if (ctx.push) await postJson(`${ctx.url}/v1/traces`, otlpSpan(traceId, ctx.runId));
    await untilTraceFound(ctx, traceId);
    return `trace ${traceId} ${ctx.push ? 'sent over OTLP/HTTP to Alloy, ' : ''}read back through datasource "${ctx.datasourceUid}"`;
  },
};
