import * as z from 'zod';
import { defineComponent, renderedFile } from '../component.js';
import { tempoArtifact } from './artifact.js';
import { GENERATED, service } from '../service.js';
import { positiveDurationSchema } from '../../schema/schema-parts.js';
import { ref, t } from '../../model/refs.js';
import { metricsTarget, tempoConfig } from './config.js';
import { tempoDatasource } from './datasource.js';

export const tempoOptions = z.strictObject({
  retention: positiveDurationSchema.default('7d').describe('how long trace blocks are kept'),
  metricsGenerator: z
    .boolean()
    .default(true)
    .describe('derive span metrics and service graphs and remote-write them to the metrics backend'),
});

export type TempoOptions = z.output<typeof tempoOptions>;

export const tempo = defineComponent({
  name: 'tempo',
  title: 'Tempo',
  /** The newest stable upstream release (as of 2026-11-30; sources in ../shared/UPSTREAM.md): what `tempo.version` defaults to. */
  version: '3.1.0',
  defaultEnabled: true,
  ports: {
    http: { port: 3200, protocol: 'http', description: 'query API', expose: true },
    grpc: { port: 9095, protocol: 'grpc', description: 'internal gRPC and streaming search' },
    'otlp-grpc': { port: 4317, protocol: 'grpc', description: 'OTLP/gRPC trace receiver', expose: true },
    'otlp-http': { port: 4318, protocol: 'http', description: 'OTLP/HTTP trace receiver', expose: true },
    memberlist: { port: 7946, protocol: 'tcp', description: 'memberlist gossip' },
  },
  options: tempoOptions,
  metrics: { port: 'http', path: '/metrics' },
  clientEnv: {
    TEMPO_URL: { port: 'http' },
    // tempo-cli's `query api search*` commands take host:port (`trace-id` takes the URL).
    TEMPO_ADDR: { port: 'http', hostPort: true },
  },
  // An app started in `shell` sends its traces here, unless a collector takes them first.
  otlpIntake: { port: 'otlp-http', signals: ['traces'] },
  artifact: tempoArtifact,
  validators: [{ name: 'tempo -config.verify', binary: 'tempo', files: renderedFile('tempo/tempo.yaml'), args: (f) => ['-config.verify', `-config.file=${f}`] }],
  resources: { cpu: '1', memory: '1Gi' },
  datasources: tempoDatasource,
  plan(stack, self) {
    return [
      service(this, self, {
        description: 'Tempo: trace storage, TraceQL, span metrics and service graphs',
        documentation: 'https://grafana.com/docs/tempo/latest/',
        // Monolithic mode, as upstream's single-binary example runs it (`all` is also the default).
        args: ['-target=all', t`-config.file=${ref.configFile('tempo.yaml')}`],
        files: [{ path: 'tempo.yaml', format: 'yaml', content: tempoConfig(stack, self), header: GENERATED }],
        volumes: [{ name: 'data', description: 'trace blocks, WALs, live-store and scheduler state, generator WAL', size: '20Gi' }],
        health: { port: 'http', path: '/ready', periodSeconds: 1, timeoutSeconds: 2, startupSeconds: 120 },
        // The metrics generator remote-writes to Mimir or Prometheus: start after it, stop
        // before it (else Tempo's shutdown waits a minute on a queue it cannot flush).
        dependsOn: self.options.metricsGenerator && metricsTarget(stack) ? [metricsTarget(stack)!] : [],
        // Once a trace has been queried, this Tempo's shutdown never ends: the query
        // frontend's request queue waits for a querier worker that has already stopped
        // (goroutine dump: frontend/v1 stopping -> queue contextCond.Wait). Everything is
        // in the WAL by then, so it is killed after 10 s instead of hanging for the default.
        stopGraceSeconds: 10,
      }),
    ];
  },
});
