import { z } from 'zod';
import { defineComponent, renderedFile } from '../component.js';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { prometheusArtifact } from './artifact.js';
import { GENERATED, service } from '../service.js';
import { durationSchema, quantitySchema } from '../../config/schema-parts.js';
import { ref, t } from '../../plan/refs.js';
import { majorOf } from '../../versions.js';
import { prometheusConfig, ruleFiles } from './config.js';
import { discoveryAccess, kubernetesDiscovery } from './kubernetes-sd.js';

const scrapeJob = z
  .strictObject({
    job: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_-]*$/, 'expected a job name (letters, digits, _ and -)'),
    targets: z.array(z.string().regex(/^[^\s/]+:\d+$/, 'expected host:port')).min(1).optional().describe('host:port of each target'),
    kubernetes: kubernetesDiscovery.optional(),
    metricsPath: z.string().startsWith('/').optional(),
    scheme: z.enum(['http', 'https']).optional(),
    interval: durationSchema.optional(),
    labels: z.record(z.string(), z.string()).optional(),
  })
  .refine((j) => (j.targets === undefined) !== (j.kubernetes === undefined), {
    error: 'a scrape job lists its targets or discovers them with kubernetes: give exactly one',
  });

export const prometheusOptions = z.strictObject({
  retention: durationSchema.default('15d').describe('how long samples are kept'),
  retentionSize: quantitySchema.optional().describe('cap on the TSDB size, e.g. "10Gi"'),
  scrapeInterval: durationSchema.default('15s'),
  evaluationInterval: durationSchema.default('15s'),
  scrape: z.array(scrapeJob).default([]).describe('extra scrape jobs; the stack scrapes its own services already'),
  externalLabels: z.record(z.string(), z.string()).default({}),
});

export type PrometheusOptions = z.output<typeof prometheusOptions>;

export const prometheus = defineComponent({
  name: 'prometheus',
  title: 'Prometheus',
  defaultEnabled: true,
  ports: { http: { port: 9090, protocol: 'http', description: 'query API, remote-write and OTLP receivers', expose: true } },
  options: prometheusOptions,
  metrics: { port: 'http', path: '/metrics' },
  artifact: prometheusArtifact,
  clientEnv: { PROMETHEUS_URL: { port: 'http' } },
  validators: [
    { name: 'promtool check config', binary: 'promtool', files: renderedFile('prometheus/prometheus.yml'), args: (f) => ['check', 'config', f] },
    {
      name: 'promtool check rules',
      binary: 'promtool',
      files: (dir) => (existsSync(join(dir, 'prometheus/rules')) ? readdirSync(join(dir, 'prometheus/rules')).sort().map((f) => `prometheus/rules/${f}`) : []),
      args: (f) => ['check', 'rules', f],
    },
  ],
  resources: { cpu: '1', memory: '1Gi' },
  datasources(stack, self) {
    return [
      {
        uid: 'prometheus',
        name: 'Prometheus',
        type: 'prometheus',
        access: 'proxy',
        url: ref.url('prometheus', 'http'),
        // Mimir, when present, holds the same series for longer and is the default; this one
        // stays for what only it has (its own scrape targets' metadata, recent data if
        // remote write lags) and for dashboards that name it.
        isDefault: !stack.components.mimir,
        editable: false,
        queryLanguage: 'promql',
        jsonData: {
          httpMethod: 'POST',
          prometheusType: 'Prometheus',
          prometheusVersion: self.version,
          timeInterval: self.options.scrapeInterval,
          ...(stack.components.tempo
            ? { exemplarTraceIdDestinations: [{ name: 'trace_id', datasourceUid: 'tempo', urlDisplayLabel: 'View trace' }] }
            : {}),
        },
      },
    ];
  },
  plan(stack, self) {
    const o = self.options;
    // Prometheus 2 spells the OTLP receiver as a feature flag; 3 made it a web flag.
    const otlp = majorOf(self.version) >= 3 ? ['--web.enable-otlp-receiver'] : ['--enable-feature=otlp-write-receiver'];
    return [
      service(this, self, {
        description: 'Prometheus: metrics storage, scraping and rule evaluation',
        documentation: 'https://prometheus.io/docs/prometheus/latest/',
        args: [
          t`--config.file=${ref.configFile('prometheus.yml')}`,
          t`--storage.tsdb.path=${ref.dataDir()}`,
          `--storage.tsdb.retention.time=${o.retention}`,
          ...(o.retentionSize ? [`--storage.tsdb.retention.size=${toPromBytes(o.retentionSize)}`] : []),
          t`--web.listen-address=${ref.listen(self.ports.http!)}`,
          '--web.enable-remote-write-receiver',
          ...otlp,
          '--enable-feature=exemplar-storage',
        ],
        files: [{ path: 'prometheus.yml', format: 'yaml', content: prometheusConfig(stack, self), header: GENERATED }, ...ruleFiles(stack)],
        volumes: [{ name: 'data', description: 'TSDB blocks and WAL', size: '20Gi' }],
        health: { port: 'http', path: '/-/ready', periodSeconds: 1, timeoutSeconds: 2, startupSeconds: 300 },
        // Remote-writes to Mimir: start after it, stop before it (else shutdown waits on a queue it cannot flush).
        dependsOn: stack.components.mimir ? ['mimir'] : [],
        ...clusterApi(o),
      }),
    ];
  },
});

function clusterApi(o: PrometheusOptions) {
  const access = discoveryAccess(o.scrape.flatMap((j) => (j.kubernetes ? [j.kubernetes] : [])));
  return access ? { clusterApi: access } : {};
}

/** Kubernetes-style quantity to Prometheus' byte units, which are powers of 1024 ("10Gi" -> "10GB"). */
function toPromBytes(q: string): string {
  const m = /^(\d+)(Ki|Mi|Gi|Ti)?$/.exec(q);
  if (!m) return q;
  return `${m[1]}${{ Ki: 'KB', Mi: 'MB', Gi: 'GB', Ti: 'TB' }[m[2] ?? ''] ?? 'B'}`;
}
