/** The few Grafana HTTP API calls verify makes, with basic auth (the password never printed). */
export class GrafanaClient {
  private readonly auth: string;

  constructor(
    readonly baseUrl: string,
    user: string,
    password: string,
  ) {
    this.auth = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }

  async get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  /** POST /api/ds/query: the query goes through the datasource, as a dashboard's would. */
  async query(datasourceUid: string, query: Record<string, unknown>, fromMs: number, toMs: number): Promise<DataFrameResult[]> {
    const body = {
      from: String(fromMs),
      to: String(toMs),
      queries: [{ refId: 'A', datasource: { uid: datasourceUid }, intervalMs: 1000, maxDataPoints: 100, ...query }],
    };
    const res = await this.request<{ results?: Record<string, { error?: string; frames?: DataFrameResult[] }> }>('POST', '/api/ds/query', body);
    const a = res.results?.A;
    if (a?.error) throw new Error(a.error);
    return a?.frames ?? [];
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: { Authorization: this.auth, Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    if (res.status === 401) throw new Error(`Grafana refused the credentials (HTTP 401) at ${this.baseUrl}`);
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  }
}

/** A Grafana data frame as /api/ds/query returns it. */
export interface DataFrameResult {
  readonly schema?: { readonly fields?: readonly { readonly name: string }[] };
  readonly data?: { readonly values?: readonly (readonly unknown[])[] };
}

export function frameRows(frames: readonly DataFrameResult[]): number {
  return frames.reduce((n, f) => n + (f.data?.values?.[0]?.length ?? 0), 0);
}

export function frameText(frames: readonly DataFrameResult[]): string {
  return JSON.stringify(frames.map((f) => f.data?.values ?? []));
}
