import type { SignalCheck } from '../check.js';
import { postJson } from '../check.js';
import { ALLOY_ENDPOINT } from './alloy-trace.js';
import { untilSeriesFound } from './metric.js';
import { otlpGauge } from './otlp-json.js';

/** An OTLP gauge sent to Alloy, which remote-writes it to the metrics backend. */
export const alloyMetricCheck: SignalCheck = {
  name: 'alloy-metric',
  endpoint: ALLOY_ENDPOINT,
  datasourceType: 'prometheus',
  async run(ctx) {
    const name = 'grafana_stack_verify_alloy';
    if (ctx.push) await postJson(`${ctx.url}/v1/metrics`, otlpGauge(name, ctx.runId));
    await untilSeriesFound(ctx, name);
    return `${ctx.push ? 'sent over OTLP/HTTP to Alloy, ' : ''}read back through datasource "${ctx.datasourceUid}"`;
  },
};
