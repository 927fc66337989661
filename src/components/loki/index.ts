import * as z from 'zod';
import { defineComponent, renderedFile } from '../component.js';
import { lokiArtifact } from './artifact.js';
import { GENERATED, service } from '../service.js';
import { positiveDurationSchema } from '../../schema/schema-parts.js';
import { ref, t } from '../../model/refs.js';
import { lokiConfig } from './config.js';

export const lokiOptions = z.strictObject({
  retention: positiveDurationSchema.default('7d').describe('how long log lines are kept (enforced by the compactor)'),
  ingestionRateMB: z
    .number()
    .positive()
    .default(32)
    .describe('per-tenant ingestion rate limit in MB/s (Loki defaults to 4, which local bursts exceed)'),
  ingestionBurstMB: z.number().positive().default(64),
  maxLabelNamesPerSeries: z.number().int().positive().default(30),
});

export type LokiOptions = z.output<typeof lokiOptions>;

export const loki = defineComponent({
  name: 'loki',
  title: 'Loki',
  /** The newest stable upstream release (as of 2026-11-30; sources in ../shared/UPSTREAM.md): what `loki.version` defaults to. */
  version: '3.7.8',
  defaultEnabled: true,
  ports: {
    http: { port: 3100, protocol: 'http', description: 'push and query API', expose: true },
    grpc: { port: 9096, protocol: 'grpc', description: 'internal gRPC (9095 is Tempo\'s default)' },
    memberlist: { port: 7947, protocol: 'tcp', description: 'memberlist gossip (7946 is Tempo\'s default)' },
  },
  options: lokiOptions,
  metrics: { port: 'http', path: '/metrics' },
  // logcli's own variable.
  clientEnv: { LOKI_ADDR: { port: 'http' } },
  artifact: lokiArtifact,
  validators: [{ name: 'loki -verify-config', binary: 'loki', files: renderedFile('loki/loki.yaml'), args: (f) => ['-verify-config', `-config.file=${f}`] }],
  resources: { cpu: '1', memory: '1Gi' },
  datasources(stack) {
    return [
      {
        uid: 'loki',
        name: 'Loki',
        type: 'loki',
        access: 'proxy',
        url: ref.url('loki', 'http'),
        isDefault: false,
        editable: false,
        queryLanguage: 'logql',
        jsonData: {
          maxLines: 1000,
          ...(stack.components.tempo
            ? {
                derivedFields: [
                  {
                    name: 'TraceID',
                    matcherType: 'label',
                    matcherRegex: 'trace_id',
                    datasourceUid: 'tempo',
                    url: '${__value.raw}',
                    urlDisplayLabel: 'View trace',
                  },
                ],
              }
            : {}),
        },
      },
    ];
  },
  plan(stack, self) {
    return [
      service(this, self, {
        description: 'Loki: log storage and LogQL queries',
        documentation: 'https://grafana.com/docs/loki/latest/',
        args: [t`-config.file=${ref.configFile('loki.yaml')}`],
        files: [{ path: 'loki.yaml', format: 'yaml', content: lokiConfig(stack, self), header: GENERATED }],
        volumes: [{ name: 'data', description: 'chunks, TSDB index, WAL and compactor state', size: '20Gi' }],
        health: { port: 'http', path: '/ready', periodSeconds: 1, timeoutSeconds: 2, startupSeconds: 120 },
      }),
    ];
  },
});
