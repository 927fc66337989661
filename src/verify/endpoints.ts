import { StackError } from '../core/errors.js';
import { localUrl } from '../resolve/addresses.js';
import type { Stack } from '../model/stack.js';
import { SIGNAL_CHECKS } from './checks/index.js';

/**
 * Where verify pushes and reads, by endpoint name: `grafana`, and the endpoint of each
 * signal check (prometheus, loki, tempo, ...). By default the native stack's addresses;
 * `--url name=URL` points one at a Compose or Kubernetes deployment (a published port or
 * a port-forward) instead.
 */
export type VerifyEndpoints = Readonly<Record<string, string | undefined>> & { readonly grafana?: string };

export const ENDPOINT_NAMES: readonly string[] = ['grafana', 'proxy', ...new Set(SIGNAL_CHECKS.map((c) => c.endpoint.name))];

export function nativeEndpoints(stack: Stack): VerifyEndpoints {
  const out: Record<string, string | undefined> = { grafana: localUrl(stack, 'grafana', 'http'), proxy: localUrl(stack, 'proxy', 'http') };
  for (const { endpoint } of SIGNAL_CHECKS) out[endpoint.name] ??= localUrl(stack, endpoint.component, endpoint.port);
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v));
}

/** Applies `name=URL` overrides; a bare URL means Grafana. */
export function withOverrides(base: VerifyEndpoints, overrides: readonly string[]): VerifyEndpoints {
  const out: Record<string, string | undefined> = { ...base };
  for (const o of overrides) {
    const eq = o.indexOf('=');
    const [name, url] = eq > 0 && !o.slice(0, eq).includes(':') ? [o.slice(0, eq), o.slice(eq + 1)] : ['grafana', o];
    if (!ENDPOINT_NAMES.includes(name)) {
      throw new StackError(`--url ${o}: unknown endpoint "${name}"; expected one of ${ENDPOINT_NAMES.join(', ')} (name=URL)`);
    }
    try {
      new URL(url);
    } catch {
      throw new StackError(`--url ${o}: "${url}" is not a URL`);
    }
    out[name] = url.replace(/\/+$/, '');
  }
  return out;
}
