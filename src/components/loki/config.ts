import { deepMerge } from '../../core/deep-merge.js';
import { dskitServer } from '../dskit.js';
import { toHours } from '../../core/duration.js';
import { ref, type Value } from '../../model/refs.js';
import type { ResolvedComponent, Stack } from '../../model/stack.js';
import type { LokiOptions } from './index.js';

/*
 * Keys checked against Loki 3.7's configuration reference, docs/sources/shared/configuration.md
 * of grafana/loki release-3.7.x@2e1f7f2 (2026-08-21, after v3.7.6; the v3.7.8 tag is newer than
 * the snapshot readable here, and 3.7 patch releases change no keys): test/reference/loki-3.7.8.json.
 * Nothing here is among what Loki 4 will remove (SSD targets, legacy stores, row_shards/chunks/tags).
 */

/**
 * Single-binary Loki on the local filesystem, tuned to be ready in seconds (the
 * docker-otel-lgtm lessons: 1s min_ready_duration, in-memory ring, no scheduler ring) and
 * with ingestion limits sized for a developer's bursts rather than a shared cluster.
 */
export function lokiConfig(stack: Stack, self: ResolvedComponent<LokiOptions>): Value {
  const o = self.options;
  const config: Record<string, Value> = {
    auth_enabled: false,
    server: dskitServer(self),
    common: {
      instance_addr: '127.0.0.1',
      path_prefix: ref.dataDir(),
      replication_factor: 1,
      ring: { kvstore: { store: 'inmemory' } },
      storage: {
        filesystem: { chunks_directory: ref.dataDir('chunks'), rules_directory: ref.dataDir('rules') },
      },
    },
    ingester: { lifecycler: { min_ready_duration: '1s' } },
    memberlist: { bind_port: self.ports.memberlist! },
    schema_config: {
      configs: [
        {
          from: '2024-01-01',
          store: 'tsdb',
          object_store: 'filesystem',
          schema: 'v13',
          index: { prefix: 'index_', period: '24h' },
        },
      ],
    },
    compactor: {
      working_directory: ref.dataDir('compactor'),
      retention_enabled: true,
      delete_request_store: 'filesystem',
    },
    limits_config: {
      retention_period: toHours(o.retention),
      ingestion_rate_mb: o.ingestionRateMB,
      ingestion_burst_size_mb: o.ingestionBurstMB,
      max_label_names_per_series: o.maxLabelNamesPerSeries,
      allow_structured_metadata: true,
      volume_enabled: true,
    },
    // The pattern ingester (Logs Drilldown) has its own ring and 15s readiness wait.
    pattern_ingester: { enabled: true, lifecycler: { min_ready_duration: '1s' } },
    frontend: { scheduler_dns_lookup_period: '1s' },
    frontend_worker: { dns_lookup_duration: '1s' },
    analytics: { reporting_enabled: false },
  };
  return deepMerge(config, self.settings) as Value;
}
