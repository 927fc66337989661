import * as z from 'zod';
import { defineComponent, renderedFile } from '../component.js';
import { GENERATED, service } from '../service.js';
import { positiveDurationSchema } from '../../schema/schema-parts.js';
import { ref, t } from '../../model/refs.js';
import { mimirArtifact } from './artifact.js';
import { mimirConfig } from './config.js';
import { mimirDatasource } from './datasource.js';
import { S3_SECRET, S3_SECRET_ENV, mimirStorageSchema } from './storage.js';

export const mimirOptions = z.strictObject({
  retention: positiveDurationSchema.default('30d').describe('how long blocks are kept (enforced by the compactor)'),
  storage: mimirStorageSchema.describe('where blocks, rules and alertmanager state live: { backend: filesystem } (the data volume), or { backend: s3, endpoint, bucket, region?, accessKeyId?, secretAccessKey?: { env } | { file }, insecure? }'),
  ingestionRate: z.number().int().positive().default(100_000).describe('samples/s a tenant may push (Mimir defaults to 10000)'),
  maxSeries: z.number().int().positive().default(1_000_000).describe('active series a tenant may hold'),
  maxExemplars: z.number().int().nonnegative().default(100_000).describe('exemplars kept in memory (Mimir keeps none by default; Tempo sends them)'),
});

export type MimirOptions = z.output<typeof mimirOptions>;

export const mimir = defineComponent({
  name: 'mimir',
  title: 'Mimir',
  /** The newest stable upstream release (as of 2026-11-30; sources in ../shared/UPSTREAM.md): what `mimir.version` defaults to. */
  version: '3.2.1',
  defaultEnabled: false,
  ports: {
    http: { port: 9009, protocol: 'http', description: 'remote-write, OTLP and Prometheus API (under /prometheus)', expose: true },
    grpc: { port: 9097, protocol: 'grpc', description: 'internal gRPC (9095 is Tempo\'s default)' },
    memberlist: { port: 7948, protocol: 'tcp', description: 'memberlist gossip (7946 is Tempo\'s default)' },
  },
  options: mimirOptions,
  metrics: { port: 'http', path: '/metrics' },
  artifact: mimirArtifact,
  // -modules parses and validates the config strictly, prints the modules and exits.
  validators: [{ name: 'mimir -modules', binary: 'mimir', files: renderedFile('mimir/mimir.yaml'), args: (f) => ['-modules', `-config.file=${f}`] }],
  // mimirtool reads these (rules, alertmanager, remote-read).
  clientEnv: { MIMIR_ADDRESS: { port: 'http' }, MIMIR_TENANT_ID: { value: 'anonymous' } },
  resources: { cpu: '1', memory: '2Gi' },
  secrets: [{ name: S3_SECRET, description: 'S3 secret access key of the blocks bucket', option: 'storage.secretAccessKey', bytes: 0, onlyWhenGiven: true }],
  datasources: mimirDatasource,
  plan(stack, self) {
    const s3Secret = Boolean(self.secrets[S3_SECRET]);
    return [
      service(this, self, {
        description: 'Mimir: long-term metrics storage with a Prometheus-compatible API',
        documentation: 'https://grafana.com/docs/mimir/latest/',
        args: [t`-config.file=${ref.configFile('mimir.yaml')}`, ...(s3Secret ? ['-config.expand-env=true'] : [])],
        files: [{ path: 'mimir.yaml', format: 'yaml', content: mimirConfig(stack, self), header: GENERATED }],
        ...(s3Secret ? { secretEnv: { [S3_SECRET_ENV]: S3_SECRET } } : {}),
        volumes: [{ name: 'data', description: 'TSDB head and WAL, blocks (filesystem storage), compactor and ruler state', size: '20Gi' }],
        health: { port: 'http', path: '/ready', periodSeconds: 1, timeoutSeconds: 2, startupSeconds: 120 },
      }),
    ];
  },
});
