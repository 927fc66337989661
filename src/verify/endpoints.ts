import { StackError } from '../core/errors.js';
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
  const host = stack.bindAddress === '0.0.0.0' || stack.bindAddress === '::' ? '127.0.0.1' : stack.bindAddress.includes(':') ? `[${stack.bindAddress}]` : stack.bindAddress;
  const at = (component: string, port: string) => {
    const p = stack.components[component]?.ports[port];
    return p === undefined ? undefined : `http://${host}:${p}`;
  };
  const out: Record<string, string | undefined> = {
    grafana: at('grafana', 'http'),
    prometheus: at('prometheus', 'http'),
    loki: at('loki', 'http'),
    tempo: at('tempo', 'otlp-http'),
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
