import { deepMerge } from '../../core/deep-merge.js';
import { toHours } from '../../core/duration.js';
import { dskitServer } from '../dskit.js';
import { ref, t, type Value } from '../../model/refs.js';
import type { ResolvedComponent, Stack } from '../../model/stack.js';
import type { PyroscopeOptions } from './index.js';

/*
 * Keys checked against Pyroscope 2.3's configuration reference. The v2.3.x tags were cut after
 * the newest snapshot readable here (2026-08-21), so the reference is grafana/pyroscope
 * main@3fe6a45 (2026-08-21, after v2.2.1), with v2.2.1 beside it:
 *   docs/sources/configure-server/reference-configuration-parameters/index.md (generated)
 *   pkg/pyroscope/pyroscope.go (architecture_storage; `all` = metastore, distributor,
 *   segment-writer, compaction-worker, query-frontend, query-backend under v2; rings default
 *   to memberlist; v2 needs storage.backend and write_path=segment-writer)
 *   pkg/distributor/writepath/write_path.go (limits.write_path, hidden from the doc)
 *   pkg/metastore/index/cleaner/retention/retention.go (limits.retention_period, hidden)
 *   pkg/metastore/raftnode/node.go (metastore.raft.snapshots_dir, hidden)
 * and grafana/docker-otel-lgtm main@6b62cce docker/pyroscope-config.yaml (a working v2 single
 * binary). test/reference/pyroscope-2.3.2.json holds that key list.
 */

/**
 * Single-binary Pyroscope 2 (`target: all`) on v2 storage: the segment-writer write path,
 * the Raft metastore and the compaction worker, every object in one filesystem bucket under
 * `shared/`, the metastore's Raft log and index under `metastore/`. The v1 ingester, store
 * gateway and compactor do not run (and their settings are left out). Ring members and the
 * metastore advertise ref.selfHost() (see Mimir's config for why); readiness waits and usage
 * reports are off.
 */
export function pyroscopeConfig(_stack: Stack, self: ResolvedComponent<PyroscopeOptions>): Value {
  const o = self.options;
  const host = ref.selfHost();
  const grpc = t`${host}:${self.ports.grpc!}`;
  const raft = t`${host}:${self.ports.raft!}`;
  const config: Record<string, Value> = {
    target: 'all',
    // The default, v1-v2-dual, also runs the v1 ingester path; a new stack has no v1 data to read.
    architecture_storage: 'v2',
    server: dskitServer(self),
    storage: { backend: 'filesystem', filesystem: { dir: ref.dataDir('shared') } },
    metastore: {
      address: grpc,
      min_ready_duration: '0s',
      data_dir: ref.dataDir('metastore/data'),
      raft: {
        dir: ref.dataDir('metastore/raft'),
        snapshots_dir: ref.dataDir('metastore/raft'),
        // One voter: itself, on an allocated port (the default, localhost:9099, is fixed).
        bind_address: ref.listen(self.ports.raft!),
        advertise_address: raft,
        server_id: raft,
      },
    },
    segment_writer: { lifecycler: { address: host, min_ready_duration: '0s' } },
    query_backend: { address: grpc },
    analytics: { reporting_enabled: false },
    // Pyroscope profiles itself into itself by default: off unless asked for.
    self_profiling: { disable_push: !o.selfProfiling },
    memberlist: { bind_addr: [host], bind_port: self.ports.memberlist!, advertise_addr: host },
    distributor: { ring: { instance_addr: host } },
    frontend: { instance_addr: host },
    // v2 requires the segment-writer write path; retention is the metastore's index cleanup.
    limits: { write_path: 'segment-writer', retention_period: toHours(o.retention) },
  };
  return deepMerge(config, self.settings) as Value;
}
