import { randomBytes } from 'node:crypto';
import type { SignalCheck } from '../check.js';
import { post, until } from '../check.js';
import { frameText } from '../grafana-client.js';

/** A span sent over OTLP/HTTP to Tempo, read back by trace id through the traces datasource. */
export const traceCheck: SignalCheck = {
  name: 'trace',
  endpoint: { name: 'tempo', component: 'tempo', port: 'otlp-http', description: 'Tempo OTLP/HTTP (spans go to /v1/traces)' },
  datasourceType: 'tempo',
  async run(ctx) {
    if (ctx.push) await post(`${ctx.url}/v1/traces`, JSON.stringify(otlpSpan(ctx.traceId, ctx.runId)), { 'Content-Type': 'application/json' });
    await until(ctx.timeoutMs, async () => {
      const frames = await ctx.grafana.query(ctx.datasourceUid, { query: ctx.traceId, queryType: 'traceql' }, Date.now() - ctx.windowMs, Date.now() + 60_000);
      return frameText(frames).includes(ctx.runId);
    });
    return `trace ${ctx.traceId} ${ctx.push ? 'sent over OTLP/HTTP to Tempo, ' : ''}read back through datasource "${ctx.datasourceUid}"`;
  },
};

/** A finished span in OTLP/JSON (hex ids, as the OTLP/HTTP JSON mapping requires). */
export function otlpSpan(traceId: string, runId: string): unknown {
  const end = BigInt(Date.now()) * 1_000_000n;
  const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
  return {
    resourceSpans: [
      {
        resource: { attributes: [str('service.name', 'grafana-stack-verify')] },
        scopeSpans: [
          {
            scope: { name: 'grafana-stack' },
            spans: [
              {
                traceId,
                spanId: randomBytes(8).toString('hex'),
                name: 'verify',
                kind: 1,
                startTimeUnixNano: String(end - 5_000_000n),
                endTimeUnixNano: String(end),
                attributes: [str('verify.run', runId)],
              },
            ],
          },
        ],
      },
    ],
  };
}
