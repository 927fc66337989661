import type { DirectCheckContext, SignalCheck } from '../check.js';
import { getJson, postJson, until } from '../check.js';

interface GettableAlert {
  readonly labels: Record<string, string>;
  readonly status?: { readonly state?: string; readonly silencedBy?: readonly string[] };
}

/**
 * A test alert sent to Alertmanager, seen through Grafana's Alertmanager datasource. A
 * silence for exactly this run is created first, so the alert arrives (and shows as
 * suppressed) but no receiver of the user's routes is notified; both expire on their own.
 * Alertmanager keeps alerts in memory only, so there is nothing to read back later.
 */
export const alertCheck: SignalCheck = {
  name: 'alert',
  endpoint: { name: 'alertmanager', component: 'alertmanager', port: 'http', description: 'Alertmanager (alerts go to /api/v2/alerts)' },
  datasourceType: 'alertmanager',
  persistent: false,
  async run(ctx) {
    const filter = await sendSilencedAlert(ctx);
    let state = '';
    await until(ctx.timeoutMs, async () => {
      const alerts = await ctx.grafana.get<GettableAlert[]>(`/api/alertmanager/${encodeURIComponent(ctx.datasourceUid)}/api/v2/alerts?filter=${filter}`);
      const found = alerts.find((a) => a.labels.run === ctx.runId);
      state = found?.status?.state ?? '';
      return Boolean(found);
    });
    return `sent to Alertmanager (silenced, so no receiver is notified), seen ${state || 'active'} through datasource "${ctx.datasourceUid}"`;
  },
  async runDirect(ctx) {
    const filter = await sendSilencedAlert(ctx);
    let state = '';
    await until(ctx.timeoutMs, async () => {
      const found = (await getJson<GettableAlert[]>(`${ctx.url}/api/v2/alerts?filter=${filter}`)).find((a) => a.labels.run === ctx.runId);
      state = found?.status?.state ?? '';
      return Boolean(found);
    });
    return `sent to Alertmanager (silenced, so no receiver is notified), seen ${state || 'active'} in its API`;
  },
};

/** Silences this run, then sends its test alert; returns the API filter that finds it. */
async function sendSilencedAlert(ctx: DirectCheckContext): Promise<string> {
  const now = Date.now();
  const iso = (ms: number) => new Date(ms).toISOString();
  const matcher = { name: 'run', value: ctx.runId, isRegex: false, isEqual: true };
  const silence = { matchers: [matcher], startsAt: iso(now), endsAt: iso(now + 10 * 60_000), createdBy: 'grafana-stack verify', comment: 'keeps the verify test alert from notifying anyone' };
  await postJson(`${ctx.url}/api/v2/silences`, silence);
  const alert = {
    labels: { alertname: 'GrafanaStackVerify', run: ctx.runId, job: 'verify', severity: 'none' },
    annotations: { summary: 'test alert sent by grafana-stack verify' },
    startsAt: iso(now),
    endsAt: iso(now + 5 * 60_000),
  };
  await postJson(`${ctx.url}/api/v2/alerts`, [alert]);
  return encodeURIComponent(`run="${ctx.runId}"`);
}
