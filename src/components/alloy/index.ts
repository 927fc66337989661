import * as z from 'zod';
import { defineComponent, renderedFile } from '../component.js';
import { alloyArtifact } from './artifact.js';
import { GENERATED, service } from '../service.js';
import { ref, t } from '../../model/refs.js';
import { alloyConfig, alloyRoutes } from './config.js';

export const alloyOptions = z.strictObject({
  logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info').describe("Alloy's own log level"),
});

export type AlloyOptions = z.output<typeof alloyOptions>;

/**
 * Grafana Alloy as the stack's telemetry entry point: apps send OTLP (traces, logs,
 * metrics) to Alloy, which forwards each signal to the backend the stack has for it.
 */
export const alloy = defineComponent({
  name: 'alloy',
  title: 'Alloy',
  /** The newest stable upstream release (as of 2026-11-30; sources in ../shared/UPSTREAM.md): what `alloy.version` defaults to. */
  version: '1.20.1',
  defaultEnabled: false,
  ports: {
    http: { port: 12345, protocol: 'http', description: 'UI API, /metrics and readiness' },
    'otlp-grpc': { port: 14317, protocol: 'grpc', description: 'OTLP/gRPC receiver (traces, logs, metrics)', expose: true },
    'otlp-http': { port: 14318, protocol: 'http', description: 'OTLP/HTTP receiver (traces, logs, metrics)', expose: true },
  },
  options: alloyOptions,
  settingsUnsupported: 'its config is Alloy syntax (blocks and expressions), not a document to merge keys into; its pipelines follow the stack (open an issue for an option you need)',
  metrics: { port: 'http', path: '/metrics' },
  clientEnv: { ALLOY_URL: { port: 'http' } },
  otlpIntake: { port: 'otlp-http', signals: ['traces', 'metrics', 'logs'], collector: true },
  artifact: alloyArtifact,
  validators: [{ name: 'alloy validate', binary: 'alloy', files: renderedFile('alloy/config.alloy'), args: (f) => ['validate', f] }],
  resources: { cpu: '1', memory: '1Gi' },
  plan(stack, self) {
    const routes = alloyRoutes(stack);
    return [
      service(this, self, {
        description: 'Alloy: OTLP entry point forwarding traces, logs and metrics to the backends',
        documentation: 'https://grafana.com/docs/alloy/latest/',
        args: [
          'run',
          // Anonymous usage reports to Grafana Labs are on by default.
          '--disable-reporting',
          t`--server.http.listen-addr=${ref.listen(self.ports.http!)}`,
          t`--storage.path=${ref.dataDir()}`,
          ref.configFile('config.alloy'),
        ],
        files: [{ path: 'config.alloy', format: 'alloy', content: alloyConfig(stack, self), header: `${GENERATED} Stack "${stack.name}".` }],
        volumes: [{ name: 'data', description: 'remote-write WAL and component state', size: '5Gi' }],
        health: { port: 'http', path: '/-/ready', periodSeconds: 1, timeoutSeconds: 2, startupSeconds: 60 },
        // Start after the backends it writes to and stop before them, so its queues drain.
        dependsOn: Object.values(routes).filter((c): c is NonNullable<typeof c> => c !== undefined),
      }),
    ];
  },
});
