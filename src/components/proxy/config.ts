import { deepMerge } from '../../core/deep-merge.js';
import { ref, type Value } from '../../model/refs.js';
import type { ResolvedComponent, Stack } from '../../model/stack.js';
import type { ProxyOptions } from './index.js';

/** The proxy's own readiness: answered by Caddy itself (it has no built-in ready endpoint). */
export const READY_PATH = '/-/proxy-ready';

/**
 * Requests forwarded to one port of a service of the stack: everything under a prefix,
 * with the prefix stripped (`/loki/ready` -> `/ready`); one exact path, rewritten
 * (`/otlp/v1/metrics` -> Prometheus' `/api/v1/otlp/v1/metrics`); or everything no other route takes, unchanged (Grafana).
 */
export type ProxyRoute =
  | { readonly kind: 'prefix'; readonly prefix: string; readonly service: string; readonly port: string }
  | { readonly kind: 'path'; readonly path: string; readonly to: string; readonly service: string; readonly port: string }
  | { readonly kind: 'rest'; readonly service: string; readonly port: string };

/**
 * Backends routed under a prefix when their component is in the stack, in match order.
 * Every backend is routed with its prefix stripped: its APIs then keep the paths their
 * clients know (`/loki/ready` -> Loki's `/ready`) and nothing in the backend's own config
 * changes. Components not in the stack (or not defined yet) simply get no route.
 */
const BACKENDS: readonly { component: string; prefix: string; port: string }[] = [
  { component: 'prometheus', prefix: '/prometheus', port: 'http' },
  { component: 'loki', prefix: '/loki', port: 'http' },
  { component: 'tempo', prefix: '/tempo', port: 'http' },
  { component: 'alertmanager', prefix: '/alertmanager', port: 'http' },
  { component: 'mimir', prefix: '/mimir', port: 'http' },
  { component: 'pyroscope', prefix: '/pyroscope', port: 'http' },
  { component: 'alloy', prefix: '/alloy', port: 'http' },
];

/**
 * OTLP/HTTP signals and where each is received: the first receiver whose component is in
 * the stack (Prometheus 3 runs with --web.enable-otlp-receiver; Loki and Tempo always do).
 */
const OTLP: readonly { signal: string; receivers: readonly { component: string; port: string; path: string }[] }[] = [
  { signal: 'traces', receivers: [{ component: 'tempo', port: 'otlp-http', path: '/v1/traces' }] },
  {
    signal: 'metrics',
    receivers: [
      { component: 'prometheus', port: 'http', path: '/api/v1/otlp/v1/metrics' },
      { component: 'mimir', port: 'http', path: '/otlp/v1/metrics' },
    ],
  },
  { signal: 'logs', receivers: [{ component: 'loki', port: 'http', path: '/otlp/v1/logs' }] },
];

/** Every route of the stack's proxy, Grafana's catch-all last. */
export function proxyRoutes(stack: Stack): ProxyRoute[] {
  const has = (component: string, port: string) => stack.components[component]?.ports[port] !== undefined;
  const routes: ProxyRoute[] = BACKENDS.filter((b) => has(b.component, b.port)).map((b) => ({
    kind: 'prefix' as const,
    prefix: b.prefix,
    service: b.component,
    port: b.port,
  }));
  const proxy = stack.components.proxy as ResolvedComponent<ProxyOptions> | undefined;
  if (proxy?.options.otlp) {
    for (const { signal, receivers } of OTLP) {
      const r = receivers.find((c) => has(c.component, c.port));
      if (r) routes.push({ kind: 'path', path: `/otlp/v1/${signal}`, to: r.path, service: r.component, port: r.port });
    }
  }
  // Grafana at `/`: no sub-path, so its root_url and links need nothing proxy-specific.
  if (has('grafana', 'http')) routes.push({ kind: 'rest', service: 'grafana', port: 'http' });
  return routes;
}

/**
 * Caddy's JSON config (https://caddyserver.com/docs/json/): JSON rather than a Caddyfile so
 * nothing user-supplied is ever spliced into a language with its own quoting. No admin API
 * (it would be a second, unauthenticated port), no automatic HTTPS, nothing persisted.
 */
export function proxyConfig(stack: Stack, self: ResolvedComponent<ProxyOptions>): Value {
  const routes: Value[] = [
    { match: [{ path: [READY_PATH] }], handle: [{ handler: 'static_response', status_code: 200, body: 'OK\n' }], terminal: true },
  ];
  const stackRoutes = proxyRoutes(stack);
  for (const r of stackRoutes) routes.push(...caddyRoutes(r));
  // Caddy answers an unmatched request with an empty 200; without Grafana taking the rest, say so.
  if (!stackRoutes.some((r) => r.kind === 'rest')) routes.push({ handle: [{ handler: 'static_response', status_code: 404, body: 'no such route in this stack\n' }] });
  // `settings` is deep-merged into the Caddy JSON like every component's native config.
  return deepMerge<Value>({
    admin: { disabled: true, config: { persist: false } },
    storage: { module: 'file_system', root: ref.dataDir() },
    logging: {
      logs: {
        // Caddy's default logger is stderr; the access log goes to stdout, as JSON lines.
        default: { writer: { output: 'stderr' }, exclude: ['http.log.access'] },
        ...(self.options.accessLog ? { access: { writer: { output: 'stdout' }, encoder: { format: 'json' }, include: ['http.log.access'] } } : {}),
      },
    },
    apps: {
      http: {
        // On stop, in-flight requests get this long (Caddy's default is to wait forever).
        grace_period: '3s',
        servers: {
          stack: {
            listen: [ref.listen(self.ports.http!)],
            automatic_https: { disable: true },
            routes,
            ...(self.options.accessLog ? { logs: {} } : {}),
          },
        },
      },
    },
  }, self.settings);
}

function caddyRoutes(r: ProxyRoute): Value[] {
  const upstream = { handler: 'reverse_proxy', upstreams: [{ dial: ref.endpoint(r.service, r.port) }] };
  switch (r.kind) {
    case 'rest':
      return [{ handle: [upstream], terminal: true }];
    case 'path':
      return [{ match: [{ path: [r.path] }], handle: [{ handler: 'rewrite', uri: r.to }, upstream], terminal: true }];
    case 'prefix':
      return [
        // `/loki` -> `/loki/`, so the backend's relative links resolve under its prefix.
        {
          match: [{ path: [r.prefix] }],
          handle: [{ handler: 'static_response', status_code: 308, headers: { Location: [`${r.prefix}/`] } }],
          terminal: true,
        },
        { match: [{ path: [`${r.prefix}/*`] }], handle: [{ handler: 'rewrite', strip_path_prefix: r.prefix }, upstream], terminal: true },
      ];
  }
}
