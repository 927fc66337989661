import { randomBytes } from 'node:crypto';
import type { Stack } from '../resolve/stack.js';
import type { VerifyEndpoints } from './endpoints.js';
import { GrafanaClient, frameRows, frameText } from './grafana-client.js';
import { REMOTE_WRITE_HEADERS, encodeWriteRequest, snappyLiteral } from './remote-write.js';

export interface CheckResult {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
  /** From the push to the first successful read through Grafana. */
  readonly seconds: number;
}

export interface VerifyOptions {
  readonly stack: Stack;
  readonly endpoints: VerifyEndpoints;
  readonly user: string;
  readonly password: string;
  /** How long to keep reading before a check fails. */
  readonly timeoutMs?: number;
  readonly onResult?: (r: CheckResult) => void;
  /**
   * Read back an earlier run instead of pushing new data (does data survive a restart?).
   * The ids are those an earlier verifyStack returned.
   */
  readonly lookup?: { readonly runId: string; readonly traceId: string };
}

export interface VerifyOutcome {
  readonly runId: string;
  readonly traceId: string;
  readonly results: CheckResult[];
}

/**
 * End to end: pushes a metric (remote write), a log line (Loki push API) and a span
 * (OTLP/HTTP to Tempo), each tagged with one unique run id, reads each back through
 * Grafana's datasource query API, and checks the stack's dashboards are provisioned.
 * Nothing talks to a backend's query API directly: what passes is what a user would see.
 */
export async function verifyStack(o: VerifyOptions): Promise<VerifyOutcome> {
  const runId = o.lookup?.runId ?? randomBytes(8).toString('hex');
  const traceId = o.lookup?.traceId ?? randomBytes(16).toString('hex');
  const push = !o.lookup;
  // An earlier run may be older than Prometheus' 5-minute lookback.
  const window = o.lookup ? 24 * 3600_000 : 300_000;
  const grafana = new GrafanaClient(o.endpoints.grafana ?? 'http://127.0.0.1:3000', o.user, o.password);
  const timeout = o.timeoutMs ?? 60_000;
  const ds = (type: string) => o.stack.datasources.find((d) => d.type === type)?.uid;
  const checks: Promise<CheckResult>[] = [];
  const check = (name: string, run: () => Promise<string>) => {
    const started = Date.now();
    const p = run().then(
      (detail) => ({ name, ok: true, detail, seconds: (Date.now() - started) / 1000 }),
      (e: Error) => ({ name, ok: false, detail: e.message, seconds: (Date.now() - started) / 1000 }),
    );
    checks.push(p.then((r) => (o.onResult?.(r), r)));
  };

  check('grafana', async () => {
    const h = await grafana.get<{ database?: string; version?: string }>('/api/health');
    if (h.database !== 'ok') throw new Error(`Grafana's database is not ok: ${JSON.stringify(h)}`);
    return `Grafana ${h.version ?? ''} answers at ${grafana.baseUrl}, database ok`;
  });

  const promUid = ds('prometheus');
  if (o.endpoints.prometheus && promUid) {
    check('metric', async () => {
      if (push) {
        const body = snappyLiteral(encodeWriteRequest([{ labels: { __name__: 'grafana_stack_verify', run: runId, job: 'verify' }, value: 1, timestampMs: Date.now() }]));
        await post(`${o.endpoints.prometheus}/api/v1/write`, body, REMOTE_WRITE_HEADERS);
      }
      const expr = push ? `grafana_stack_verify{run="${runId}"}` : `last_over_time(grafana_stack_verify{run="${runId}"}[24h])`;
      await until(timeout, async () => frameRows(await grafana.query(promUid, { expr, instant: true, range: false }, Date.now() - window, Date.now())) > 0);
      return `${push ? 'remote-written to Prometheus, ' : ''}read back through datasource "${promUid}"`;
    });
  }

  const lokiUid = ds('loki');
  if (o.endpoints.loki && lokiUid) {
    check('log', async () => {
      if (push) {
        const line = `grafana-stack verify run=${runId}`;
        const body = { streams: [{ stream: { job: 'verify', run: runId }, values: [[`${BigInt(Date.now()) * 1_000_000n}`, line]] }] };
        await post(`${o.endpoints.loki}/loki/api/v1/push`, JSON.stringify(body), { 'Content-Type': 'application/json' });
      }
      await until(timeout, async () => {
        const frames = await grafana.query(lokiUid, { expr: `{job="verify"} |= "${runId}"`, queryType: 'range', maxLines: 10 }, Date.now() - window, Date.now() + 1000);
        return frameText(frames).includes(runId);
      });
      return `${push ? 'pushed to Loki, ' : ''}read back through datasource "${lokiUid}"`;
    });
  }

  const tempoUid = ds('tempo');
  if (o.endpoints.tempo && tempoUid) {
    check('trace', async () => {
      if (push) await post(`${o.endpoints.tempo}/v1/traces`, JSON.stringify(otlpSpan(traceId, runId)), { 'Content-Type': 'application/json' });
      await until(timeout, async () => {
        const frames = await grafana.query(tempoUid, { query: traceId, queryType: 'traceql' }, Date.now() - window, Date.now() + 60_000);
        return frameText(frames).includes(runId);
      });
      return `trace ${traceId} ${push ? 'sent over OTLP/HTTP to Tempo, ' : ''}read back through datasource "${tempoUid}"`;
    });
  }

  check('dashboards', async () => {
    const missing: string[] = [];
    for (const d of o.stack.dashboards) {
      try {
        await grafana.get(`/api/dashboards/uid/${encodeURIComponent(d.uid)}`);
      } catch {
        missing.push(`"${d.title}" (${d.uid})`);
      }
    }
    if (missing.length) throw new Error(`not provisioned in Grafana: ${missing.join(', ')}`);
    return `${o.stack.dashboards.length} dashboards provisioned`;
  });

  return { runId, traceId, results: await Promise.all(checks) };
}

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

async function post(url: string, body: Uint8Array | string, headers: Record<string, string>): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', body: typeof body === 'string' ? body : Buffer.from(body), headers, signal: AbortSignal.timeout(15_000) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    throw new Error(`cannot reach ${url}${cause ? ` (${cause})` : ''}`);
  }
  if (!res.ok) throw new Error(`POST ${url}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
}

/** Polls `probe` until it returns true; the last error (or "not found") when time runs out. */
async function until(timeoutMs: number, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: Error | undefined;
  let wait = 200;
  while (Date.now() < deadline) {
    try {
      if (await probe()) return;
      last = undefined;
    } catch (e) {
      last = e as Error;
    }
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 1.5, 2000);
  }
  throw new Error(`not found through Grafana within ${timeoutMs / 1000}s${last ? `: ${last.message}` : ''}`);
}
