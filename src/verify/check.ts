import type { Stack } from '../model/stack.js';
import type { GrafanaClient } from './grafana-client.js';

/** What every signal check gets: the run's ids and where to push (and, without Grafana, read back). */
export interface DirectCheckContext {
  readonly stack: Stack;
  /** Base URL of this check's endpoint (see {@link SignalCheck.endpoint}). */
  readonly url: string;
  readonly runId: string;
  readonly traceId: string;
  /** False when reading back an earlier run. */
  readonly push: boolean;
  /** How far back to query, in ms (an earlier run may be hours old). */
  readonly windowMs: number;
  readonly timeoutMs: number;
}

/** A check that reads back through Grafana: its client, and the datasource it reads through. */
export interface CheckContext extends DirectCheckContext {
  readonly grafana: GrafanaClient;
  readonly datasourceUid: string;
}

/**
 * One signal verify pushes and reads back through Grafana. A check runs when its endpoint
 * is known and a datasource of its type is provisioned; adding a signal is one file in
 * checks/ and a line in checks/index.ts.
 */
export interface SignalCheck {
  readonly name: string;
  /** The endpoint (`--url NAME=URL`) it pushes to, and its native address. */
  readonly endpoint: { readonly name: string; readonly component: string; readonly port: string; readonly description: string };
  /** Datasource type it reads through: the default one of this type, else the first. */
  readonly datasourceType: string;
  /** False when the backend keeps the signal in memory only: then reading back an earlier run skips it. */
  readonly persistent?: false;
  /** Pushes (when `ctx.push`) and reads back through Grafana; returns what it did, throws what went wrong. */
  run(ctx: CheckContext): Promise<string>;
  /** The same, reading back from the backend's own API: for a stack without Grafana. */
  runDirect?(ctx: DirectCheckContext): Promise<string>;
}

/** POSTs a body, with errors that name the URL and the response. */
export async function post(url: string, body: Uint8Array | string, headers: Record<string, string>): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', body: typeof body === 'string' ? body : Buffer.from(body), headers, signal: AbortSignal.timeout(15_000) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    throw new Error(`cannot reach ${url}${cause ? ` (${cause})` : ''}`);
  }
  if (!res.ok) throw new Error(`POST ${url}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
  return res;
}

/** POSTs a value as JSON (the OTLP/HTTP JSON mapping, Loki's push API, Alertmanager's API). */
export function postJson(url: string, value: unknown): Promise<Response> {
  return post(url, JSON.stringify(value), { 'Content-Type': 'application/json' });
}

/** Polls `probe` until it returns true; the last error (or "not found") when time runs out. */
export async function until(timeoutMs: number, probe: () => Promise<boolean>): Promise<void> {
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
  throw new Error(`not found within ${timeoutMs / 1000}s${last ? `: ${last.message}` : ''}`);
}

/** GETs JSON, with errors that name the URL and the response. */
export async function getJson<T>(url: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { Accept: 'application/json' }, signal: AbortSignal.timeout(15_000) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code;
    throw new Error(`cannot reach ${url}${cause ? ` (${cause})` : ''}`);
  }
  const text = await res.text();
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}
