import type { SignalCheck } from '../check.js';
import { post, until } from '../check.js';
import type { DataFrameResult } from '../grafana-client.js';
import { PYROSCOPE_DATASOURCE_TYPE } from '../../components/pyroscope/datasource-type.js';

/** The profile type Pyroscope files a `/ingest` CPU profile under. */
export const CPU_PROFILE_TYPE = 'process_cpu:cpu:nanoseconds:cpu:nanoseconds';

/**
 * A CPU profile in the folded format pushed to Pyroscope's `/ingest` API, read back as a
 * flame graph through the profiles datasource. The run id is both a label (selected on)
 * and a function name (looked for in the flame graph), so an earlier run's profile or an
 * empty answer cannot pass.
 */
export const profileCheck: SignalCheck = {
  name: 'profile',
  endpoint: { name: 'pyroscope', component: 'pyroscope', port: 'http', description: 'Pyroscope (profiles go to /ingest)' },
  // Grafana 13's Pyroscope datasource (Grafana 10.0 called it `phlare`).
  datasourceType: PYROSCOPE_DATASOURCE_TYPE,
  async run(ctx) {
    const frame = `run_${ctx.runId}`;
    if (ctx.push) {
      const now = Math.floor(Date.now() / 1000);
      const name = encodeURIComponent(`grafana_stack_verify{run=${ctx.runId}}`);
      // 100 samples at the default 100 Hz: one second of CPU in verify;<run frame>.
      const folded = `grafana_stack_verify;${frame} 100\n`;
      await post(`${ctx.url}/ingest?name=${name}&format=folded&from=${now - 10}&until=${now}`, folded, { 'Content-Type': 'text/plain' });
    }
    await until(ctx.timeoutMs, async () => {
      const query = {
        queryType: 'profile',
        profileTypeId: CPU_PROFILE_TYPE,
        labelSelector: `{service_name="grafana_stack_verify",run="${ctx.runId}"}`,
        groupBy: [],
      };
      return flameGraphNames(await ctx.grafana.query(ctx.datasourceUid, query, Date.now() - ctx.windowMs, Date.now() + 60_000)).includes(frame);
    });
    return `${ctx.push ? 'folded CPU profile pushed to Pyroscope /ingest, ' : ''}flame graph read back through datasource "${ctx.datasourceUid}"`;
  },
};

/** Function names of a flame graph frame: the `label` field is an enum whose texts are the names. */
function flameGraphNames(frames: readonly DataFrameResult[]): string[] {
  type EnumField = { name: string; config?: { type?: { enum?: { text?: string[] } } } };
  return frames.flatMap((f) => ((f.schema?.fields ?? []) as EnumField[]).filter((x) => x.name === 'label').flatMap((x) => x.config?.type?.enum?.text ?? []));
}
