import * as z from 'zod';
import { defineComponent, renderedFile } from '../component.js';
import { GENERATED, service } from '../service.js';
import { positiveDurationSchema } from '../../schema/schema-parts.js';
import { ref, t } from '../../model/refs.js';
import { pyroscopeArtifact } from './artifact.js';
import { pyroscopeConfig } from './config.js';
import { PYROSCOPE_DATASOURCE_TYPE } from './datasource-type.js';

export const pyroscopeOptions = z.strictObject({
  retention: positiveDurationSchema.default('7d').describe('how long profiles are kept (enforced by the metastore\'s index cleanup)'),
  selfProfiling: z.boolean().default(false).describe("push Pyroscope's own profiles into itself (demo data; costs CPU)"),
});

export type PyroscopeOptions = z.output<typeof pyroscopeOptions>;

export const pyroscope = defineComponent({
  name: 'pyroscope',
  title: 'Pyroscope',
  /** The newest stable upstream release (as of 2026-11-30; sources in ../shared/UPSTREAM.md): what `pyroscope.version` defaults to. */
  version: '2.3.2',
  defaultEnabled: false,
  ports: {
    http: { port: 4040, protocol: 'http', description: 'ingest (push, /ingest) and query API', expose: true },
    grpc: { port: 9098, protocol: 'grpc', description: 'internal gRPC (9095 is Tempo\'s default)' },
    memberlist: { port: 7949, protocol: 'tcp', description: 'memberlist gossip (7946 is Tempo\'s default)' },
    raft: { port: 9099, protocol: 'tcp', description: 'metastore Raft (v2 storage)' },
  },
  options: pyroscopeOptions,
  metrics: { port: 'http', path: '/metrics' },
  artifact: pyroscopeArtifact,
  // -modules parses and validates the config strictly, prints the modules and exits.
  validators: [{ name: 'pyroscope -modules', binary: 'pyroscope', files: renderedFile('pyroscope/pyroscope.yaml'), args: (f) => ['-modules', `-config.file=${f}`] }],
  // profilecli's own variable; the Pyroscope SDKs read PYROSCOPE_SERVER_ADDRESS.
  clientEnv: { PROFILECLI_URL: { port: 'http' }, PYROSCOPE_SERVER_ADDRESS: { port: 'http' } },
  resources: { cpu: '1', memory: '1Gi' },
  datasources() {
    return [
      {
        uid: 'pyroscope',
        name: 'Pyroscope',
        // Grafana 13's id for it (the Grafana 10.0 id `phlare` is gone); no jsonData needed
        // (grafana/docker-otel-lgtm docker/grafana-datasources.yaml provisions it the same way).
        type: PYROSCOPE_DATASOURCE_TYPE,
        access: 'proxy',
        url: ref.url('pyroscope', 'http'),
        isDefault: false,
        editable: false,
        jsonData: {},
      },
    ];
  },
  plan(stack, self) {
    return [
      service(this, self, {
        description: 'Pyroscope: continuous profiling storage and queries',
        documentation: 'https://grafana.com/docs/pyroscope/latest/',
        args: [t`-config.file=${ref.configFile('pyroscope.yaml')}`],
        files: [{ path: 'pyroscope.yaml', format: 'yaml', content: pyroscopeConfig(stack, self), header: GENERATED }],
        volumes: [{ name: 'data', description: 'segments and blocks (filesystem bucket), metastore Raft log and index', size: '20Gi' }],
        health: { port: 'http', path: '/ready', periodSeconds: 1, timeoutSeconds: 2, startupSeconds: 120 },
      }),
    ];
  },
});
