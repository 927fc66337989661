import { StackError } from '../core/errors.js';
import { localUrl } from '../resolve/addresses.js';
import type { Stack } from '../resolve/stack.js';

/**
 * Where verify pushes and reads: Grafana, and each backend's ingest endpoint. By default the
 * native stack's addresses; `--url name=URL` points one at a Compose or Kubernetes
 * deployment (a published port or a port-forward) instead.
 */
export interface VerifyEndpoints {
  readonly grafana?: string;
  /** Prometheus base URL (remote write goes to /api/v1/write). */
  readonly prometheus?: string;
  /** Loki base URL (push goes to /loki/api/v1/push). */
  readonly loki?: string;
  /** Tempo OTLP/HTTP base URL (spans go to /v1/traces). */
  readonly tempo?: string;
}

export const ENDPOINT_NAMES = ['grafana', 'prometheus', 'loki', 'tempo'] as const;

export function nativeEndpoints(stack: Stack): VerifyEndpoints {
  const out: Record<string, string | undefined> = {
    grafana: localUrl(stack, 'grafana', 'http'),
    prometheus: localUrl(stack, 'prometheus', 'http'),
    loki: localUrl(stack, 'loki', 'http'),
    tempo: localUrl(stack, 'tempo', 'otlp-http'),
  };
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v)) as VerifyEndpoints;
}

/** Applies `name=URL` overrides; a bare URL means Grafana. */
export function withOverrides(base: VerifyEndpoints, overrides: readonly string[]): VerifyEndpoints {
  const out: Record<string, string> = { ...(base as Record<string, string>) };
  for (const o of overrides) {
    const eq = o.indexOf('=');
    const [name, url] = eq > 0 && !o.slice(0, eq).includes(':') ? [o.slice(0, eq), o.slice(eq + 1)] : ['grafana', o];
    if (!(ENDPOINT_NAMES as readonly string[]).includes(name)) {
      throw new StackError(`--url ${o}: unknown endpoint "${name}"; expected one of ${ENDPOINT_NAMES.join(', ')} (name=URL)`);
    }
    try {
      new URL(url);
    } catch {
      throw new StackError(`--url ${o}: "${url}" is not a URL`);
    }
    out[name] = url.replace(/\/+$/, '');
  }
  return out as VerifyEndpoints;
}
