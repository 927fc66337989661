import * as z from 'zod';
import { defineComponent, renderedFile } from '../component.js';
import { GENERATED, service } from '../service.js';
import { ref, t } from '../../model/refs.js';
import { proxyArtifact } from './artifact.js';
import { proxyConfig, proxyRoutes, READY_PATH } from './config.js';

export const proxyOptions = z.strictObject({
  accessLog: z.boolean().default(true).describe('log every request (JSON lines on stdout)'),
  otlp: z
    .boolean()
    .default(true)
    .describe("route /otlp/v1/{traces,metrics,logs} to the stack's OTLP/HTTP receivers (Tempo, Prometheus or Mimir, Loki)"),
});

export type ProxyOptions = z.output<typeof proxyOptions>;

/**
 * One port in front of the whole stack: Grafana at `/`, every enabled backend under its
 * own path prefix (stripped before forwarding). Caddy, configured with generated JSON.
 */
export const proxy = defineComponent({
  name: 'proxy',
  title: 'Reverse proxy (Caddy)',
  /** The newest stable upstream release (as of 2026-11-30; sources in ../shared/UPSTREAM.md): what `proxy.version` defaults to. */
  version: '2.11.9',
  defaultEnabled: false,
  ports: { http: { port: 8080, protocol: 'http', description: 'the stack behind one port, routed by path', expose: true } },
  options: proxyOptions,
  resources: { cpu: '500m', memory: '128Mi' },
  artifact: proxyArtifact,
  validators: [{ name: 'caddy validate', binary: 'caddy', files: renderedFile('proxy/caddy.json'), args: (f) => ['validate', '--config', f] }],
  plan(stack, self) {
    return [
      service(this, self, {
        description: 'Caddy: the stack behind one port, routed by path',
        binary: 'caddy',
        documentation: 'https://caddyserver.com/docs/json/',
        args: ['run', t`--config=${ref.configFile('caddy.json')}`],
        files: [{ path: 'caddy.json', format: 'json', content: proxyConfig(stack, self) }],
        // Caddy's storage (set in caddy.json so nothing goes under $HOME): its instance id,
        // locks and cleanup stamps. No certificates: HTTPS is off.
        volumes: [{ name: 'data', description: "Caddy's storage: instance id and locks (no certificates)", size: '64Mi' }],
        // Caddy keeps its instance id under $XDG_DATA_HOME/caddy whatever the storage says,
        // and looks for $XDG_CONFIG_HOME (else $HOME, unset in the images): both in the volume.
        env: { XDG_DATA_HOME: ref.dataDir(), XDG_CONFIG_HOME: ref.dataDir('config') },
        health: { port: 'http', path: READY_PATH, periodSeconds: 1, timeoutSeconds: 2, startupSeconds: 30 },
        // Routes go only to backends that are part of the stack; starting after them keeps
        // the proxy's readiness meaning "the stack is reachable through me".
        dependsOn: proxyRoutes(stack).map((r) => r.service).filter((s, i, all) => all.indexOf(s) === i),
        stopGraceSeconds: 5,
      }),
    ];
  },
});
