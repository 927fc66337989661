import { deepMerge } from '../../core/deep-merge.js';
import { dskitServer } from '../dskit.js';
import { toHours } from '../../core/duration.js';
import { ref, t, type Value } from '../../plan/refs.js';
import type { ResolvedComponent, Stack } from '../../resolve/stack.js';
import type { TempoOptions } from './index.js';

/** Where the metrics generator remote-writes: Mimir when the stack has it, else Prometheus. */
export function metricsTarget(stack: { readonly components: Readonly<Record<string, unknown>> }): 'mimir' | 'prometheus' | undefined {
  return stack.components.mimir ? 'mimir' : stack.components.prometheus ? 'prometheus' : undefined;
}

/**
 * Monolithic Tempo on local storage. The metrics generator (service graphs, span metrics,
 * local blocks for TraceQL metrics) remote-writes with exemplars to the stack's metrics
 * backend (Mimir when present, else Prometheus), which is what makes Grafana's service map and trace->metrics links work.
 */
export function tempoConfig(stack: Stack, self: ResolvedComponent<TempoOptions>): Value {
  const o = self.options;
  const target = metricsTarget(stack);
  const generator = o.metricsGenerator && target !== undefined;
  const config: Record<string, Value> = {
    stream_over_http_enabled: true,
    server: dskitServer(self),
    memberlist: { bind_port: self.ports.memberlist! },
    distributor: {
      receivers: {
        otlp: {
          protocols: {
            grpc: { endpoint: ref.listen(self.ports['otlp-grpc']!) },
            http: { endpoint: ref.listen(self.ports['otlp-http']!) },
          },
        },
      },
    },
    // 15s of readiness wait is for rolling clusters; a single binary is ready when it starts.
    ingester: { max_block_duration: '5m', lifecycler: { min_ready_duration: '1s' } },
    // Said explicitly so a moved gRPC port cannot leave the querier dialling the default.
    querier: { frontend_worker: { frontend_address: t`127.0.0.1:${self.ports.grpc!}` } },
    compactor: { compaction: { block_retention: toHours(o.retention) } },
    storage: {
      trace: {
        backend: 'local',
        wal: { path: ref.dataDir('wal') },
        local: { path: ref.dataDir('blocks') },
      },
    },
    usage_report: { reporting_enabled: false },
  };
  if (generator) {
    config.metrics_generator = {
      registry: { external_labels: { source: 'tempo', stack: stack.name } },
      storage: {
        path: ref.dataDir('generator/wal'),
        remote_write: [{ url: ref.url(target!, 'http', target === 'mimir' ? '/api/v1/push' : '/api/v1/write'), send_exemplars: true }],
      },
      traces_storage: { path: ref.dataDir('generator/traces') },
    };
    config.overrides = {
      defaults: { metrics_generator: { processors: ['service-graphs', 'span-metrics', 'local-blocks'] } },
    };
  }
  return deepMerge(config, self.settings) as Value;
}
