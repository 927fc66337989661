import { deepMerge } from '../../core/deep-merge.js';
import { toHours } from '../../core/duration.js';
import { dskitServer } from '../dskit.js';
import { ref, type Value } from '../../model/refs.js';
import type { ResolvedComponent, Stack } from '../../model/stack.js';
import type { MimirOptions } from './index.js';
import { storageConfig } from './storage.js';

/*
 * Keys checked against Mimir 3.2's configuration reference (cmd/mimir/config-descriptor.json,
 * the machine-readable form of docs/sources/mimir/configure/configuration-parameters/index.md)
 * and the 3.2 release notes (grafana/mimir @26e4347 docs/sources/mimir/release-notes/v3.2.md).
 * test/reference/mimir-3.2.1.json records which copy of the descriptor the list came from.
 */

/**
 * Monolithic Mimir (`-target=all`) without multi-tenancy (tenant "anonymous"). Every
 * ring member advertises ref.selfHost(): the address it detects (eth0) is not one it
 * listens on when bound to loopback, and then queries hang while the querier dials the
 * frontend there. Readiness waits are off, usage reports are off. Mimir 3 prefers the
 * Kafka-based ingest storage (its Helm chart turns it on); this single process keeps the
 * classic architecture, which needs no Kafka: `ingest_storage.enabled: false`, said
 * explicitly, with the ingesters taking pushes over gRPC from the distributor as before.
 */
export function mimirConfig(_stack: Stack, self: ResolvedComponent<MimirOptions>): Value {
  const o = self.options;
  const host = ref.selfHost();
  const ring = { instance_addr: host, kvstore: { store: 'memberlist' } };
  const config: Record<string, Value> = {
    target: 'all',
    multitenancy_enabled: false,
    server: dskitServer(self),
    usage_stats: { enabled: false },
    ingest_storage: { enabled: false },
    memberlist: { bind_addr: [host], bind_port: self.ports.memberlist!, advertise_addr: host },
    frontend: { address: host },
    query_scheduler: { ring: { instance_addr: host } },
    querier: { ring: { instance_addr: host } },
    ruler: { ring: { instance_addr: host } },
    distributor: { ring },
    // 15s of readiness wait is for rolling clusters; a single process is ready when it starts.
    ingester: { ring: { ...ring, replication_factor: 1, min_ready_duration: '0s' } },
    compactor: { sharding_ring: ring },
    store_gateway: { sharding_ring: { instance_addr: host, replication_factor: 1 } },
    limits: {
      compactor_blocks_retention_period: toHours(o.retention),
      // Tempo's metrics generator sends exemplars (trace ids): keep them (Mimir's default is 0).
      max_global_exemplars_per_user: o.maxExemplars,
      ingestion_rate: o.ingestionRate,
      ingestion_burst_size: o.ingestionRate * 2,
      max_global_series_per_user: o.maxSeries,
    },
  };
  return deepMerge(deepMerge(config, storageConfig(o.storage)), self.settings) as Value;
}
