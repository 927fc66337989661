import { deepMerge } from '../../core/deep-merge.js';
import { dskitServer } from '../dskit.js';
import { toHours } from '../../core/duration.js';
import { ref, t, type Value } from '../../model/refs.js';
import type { ResolvedComponent, Stack } from '../../model/stack.js';
import type { TempoOptions } from './index.js';

/*
 * Keys checked against Tempo 3.1's configuration reference. The v3.1.0 tag was cut after the
 * newest snapshot readable here (2026-08-21), so the reference is grafana/tempo main@ad33aa8
 * (2026-08-21, the 3.1 line: vParquet5 default, #7775) with v3.0.3 beside it:
 *   docs/sources/tempo/configuration/manifest.md   (every key and default, generated)
 *   docs/sources/tempo/configuration/_index.md     (backend_scheduler, backend_worker, live_store)
 *   docs/sources/tempo/set-up-for-tracing/setup-tempo/migrate-to-3.md ("Migrate a monolithic deployment")
 *   example/docker-compose/single-binary/tempo.yaml (-target=all, local backend, no Kafka)
 *   cmd/tempo/app/modules.go (target all = backend scheduler + worker, query frontend, querier,
 *   distributor, metrics generator, live-store; distributor pushes in-process, no Kafka)
 * test/reference/tempo-3.1.0.json holds that key list; test/unit/reference-keys.test.ts holds
 * this file's output to it.
 */

/** Where the metrics generator remote-writes: Mimir when the stack has it, else Prometheus. */
export function metricsTarget(stack: { readonly components: Readonly<Record<string, unknown>> }): 'mimir' | 'prometheus' | undefined {
  return stack.components.mimir ? 'mimir' : stack.components.prometheus ? 'prometheus' : undefined;
}

/**
 * Monolithic Tempo 3 (`-target=all`) on local storage, without Kafka: the distributor hands
 * spans in-process to the live-store (recent data, block flushes) and the metrics generator;
 * the backend scheduler and worker compact and apply retention. The generator (service
 * graphs, span metrics) remote-writes with exemplars to the stack's metrics backend (Mimir
 * when present, else Prometheus), which is what makes Grafana's service map and
 * trace->metrics links work. Every path Tempo would default under /var/tempo is in the data volume.
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
    // Said explicitly so a moved gRPC port cannot leave the querier dialling the default.
    querier: { frontend_worker: { frontend_address: t`127.0.0.1:${self.ports.grpc!}` } },
    live_store: {
      // The querier dials recent data at the address the live-store puts in its ring: the one
      // it listens on, not the eth0 address it would detect (see Mimir's config).
      ring: { instance_addr: ref.selfHost() },
      wal: { path: ref.dataDir('live-store/wal') },
      shutdown_marker_dir: ref.dataDir('live-store/shutdown-marker'),
    },
    // The scheduler keeps its job list here; the worker runs retention with this setting.
    backend_scheduler: { local_work_path: ref.dataDir('backend-scheduler') },
    backend_worker: { compaction: { block_retention: toHours(o.retention) } },
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
    };
    // Tempo 3 refuses the flat (legacy) overrides; the scoped form is `defaults.<area>`.
    config.overrides = { defaults: { metrics_generator: { processors: ['service-graphs', 'span-metrics'] } } };
  }
  return deepMerge(config, self.settings) as Value;
}
