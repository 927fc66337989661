import { deepMerge } from '../../core/deep-merge.js';
import { toHours } from '../../core/duration.js';
import { dskitServer } from '../dskit.js';
import { ref, type Value } from '../../plan/refs.js';
import type { ResolvedComponent, Stack } from '../../resolve/stack.js';
import type { PyroscopeOptions } from './index.js';

/**
 * Single-binary Pyroscope (`target: all`) on the filesystem: flushed blocks under
 * `objects/`, the ingester's head under `head/`. Every ring member advertises
 * ref.selfHost() (see Mimir's config for why), readiness waits and usage reports are off.
 */
export function pyroscopeConfig(_stack: Stack, self: ResolvedComponent<PyroscopeOptions>): Value {
  const o = self.options;
  const host = ref.selfHost();
  const config: Record<string, Value> = {
    target: 'all',
    server: dskitServer(self),
    storage: { backend: 'filesystem', filesystem: { dir: ref.dataDir('objects') } },
    pyroscopedb: { data_path: ref.dataDir('head') },
    analytics: { reporting_enabled: false },
    // Pyroscope profiles itself into itself by default: off unless asked for.
    self_profiling: { disable_push: !o.selfProfiling },
    memberlist: { bind_addr: [host], bind_port: self.ports.memberlist!, advertise_addr: host },
    distributor: { ring: { instance_addr: host } },
    ingester: { lifecycler: { address: host, min_ready_duration: '0s' } },
    frontend: { instance_addr: host },
    query_scheduler: { ring: { instance_addr: host } },
    store_gateway: { sharding_ring: { instance_addr: host } },
    compactor: { sharding_ring: { instance_addr: host }, data_dir: ref.dataDir('compactor') },
    limits: { compactor_blocks_retention_period: toHours(o.retention) },
  };
  return deepMerge(config, self.settings) as Value;
}
