import type { SignalCheck } from '../check.js';
import { postJson, until } from '../check.js';
import { frameText } from '../grafana-client.js';
import { ALLOY_ENDPOINT } from './alloy-trace.js';
import { otlpLog } from './otlp-json.js';

/**
 * An OTLP log record sent to Alloy, which writes it to Loki (otelcol.exporter.loki labels
 * every stream it converts `exporter="OTLP"`): read back by its marker.
 */
export const alloyLogCheck: SignalCheck = {
  name: 'alloy-log',
  endpoint: ALLOY_ENDPOINT,
  datasourceType: 'loki',
  async run(ctx) {
    const marker = `via-alloy-${ctx.runId}`;
    if (ctx.push) await postJson(`${ctx.url}/v1/logs`, otlpLog(`grafana-stack verify ${marker}`, ctx.runId));
    await until(ctx.timeoutMs, async () => {
      const query = { expr: `{exporter="OTLP"} |= "${marker}"`, queryType: 'range', maxLines: 10 };
      return frameText(await ctx.grafana.query(ctx.datasourceUid, query, Date.now() - ctx.windowMs, Date.now() + 1000)).includes(marker);
    });
    return `${ctx.push ? 'sent over OTLP/HTTP to Alloy, ' : ''}read back through datasource "${ctx.datasourceUid}"`;
  },
};
