import * as z from 'zod';
import { defineComponent, renderedFile } from '../component.js';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { prometheusArtifact } from './artifact.js';
import { GENERATED, service } from '../service.js';
import { labelNameSchema, labelValueSchema, positiveDurationSchema, storageSchema } from '../../schema/schema-parts.js';
import { base2Units, bytesOf } from '../../core/quantity.js';
import { ref, t } from '../../model/refs.js';
import { majorOf } from '../../core/version.js';
import { prometheusConfig, ruleFiles } from './config.js';
import { discoveryAccess, kubernetesDiscovery } from './kubernetes-sd.js';

const scrapeJob = z
  .strictObject({
    job: z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_-]*$/, 'expected a job name (letters, digits, _ and -)'),
    targets: z.array(z.string().regex(/^[^\s/]+:\d+$/, 'expected host:port')).min(1).optional().describe('host:port of each target'),
    kubernetes: kubernetesDiscovery.optional(),
    metricsPath: z.string().startsWith('/').optional(),
    scheme: z.enum(['http', 'https']).optional(),
    interval: positiveDurationSchema.optional(),
    labels: z.record(labelNameSchema, labelValueSchema).optional(),
  })
  .refine((j) => (j.targets === undefined) !== (j.kubernetes === undefined), {
    error: 'a scrape job lists its targets or discovers them with kubernetes: give exactly one',
  });

export const prometheusOptions = z.strictObject({
  retention: positiveDurationSchema.default('15d').describe('how long samples are kept'),
  retentionSize: storageSchema.optional().describe('cap on the TSDB size, e.g. "10Gi"'),
  scrapeInterval: positiveDurationSchema.default('15s'),
  evaluationInterval: positiveDurationSchema.default('15s'),
  scrape: z
    .array(scrapeJob)
    .default([])
    .describe('extra scrape jobs; the stack scrapes its own services already (as jobs named after them)')
    .superRefine((jobs, ctx) => {
      const first = new Map<string, number>();
      jobs.forEach((j, i) => {
        const at = first.get(j.job);
        // Prometheus: "found multiple scrape configs with job name".
        if (at !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'job'], message: `job "${j.job}" is already defined by scrape[${at}] (Prometheus needs unique job names)` });
        else first.set(j.job, i);
      });
    }),
  externalLabels: z.record(labelNameSchema, labelValueSchema).default({}),
});

export type PrometheusOptions = z.output<typeof prometheusOptions>;

export const prometheus = defineComponent({
  name: 'prometheus',
  title: 'Prometheus',
  /** The newest stable upstream release (as of 2026-11-30; sources in ../shared/UPSTREAM.md): what `prometheus.version` defaults to. */
  version: '3.16.0',
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

/** A storage quantity in Prometheus' byte units, which are powers of 1024 ("10Gi" -> "10GB", "1.5Gi" -> "1536MB"). */
function toPromBytes(q: string): string {
  const [n, unit] = base2Units(bytesOf(q));
  return `${n}${unit}B`;
}
