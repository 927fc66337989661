import type { SignalCheck } from '../check.js';
import { postJson, until } from '../check.js';
import { frameText } from '../grafana-client.js';

/** A log line pushed to Loki, read back through the logs datasource. */
export const logCheck: SignalCheck = {
  name: 'log',
  endpoint: { name: 'loki', component: 'loki', port: 'http', description: 'Loki (push goes to /loki/api/v1/push)' },
  datasourceType: 'loki',
  async run(ctx) {
    if (ctx.push) {
      const line = `grafana-stack verify run=${ctx.runId}`;
      const body = { streams: [{ stream: { job: 'verify', run: ctx.runId }, values: [[`${BigInt(Date.now()) * 1_000_000n}`, line]] }] };
      await postJson(`${ctx.url}/loki/api/v1/push`, body);
    }
    await until(ctx.timeoutMs, async () => {
      const query = { expr: `{job="verify"} |= "${ctx.runId}"`, queryType: 'range', maxLines: 10 };
      return frameText(await ctx.grafana.query(ctx.datasourceUid, query, Date.now() - ctx.windowMs, Date.now() + 1000)).includes(ctx.runId);
    });
    return `${ctx.push ? 'pushed to Loki, ' : ''}read back through datasource "${ctx.datasourceUid}"`;
  },
};
