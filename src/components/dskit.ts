import { ref, type Value } from '../model/refs.js';
import type { ResolvedComponent } from '../model/stack.js';

/**
 * The `server` block of Grafana's dskit-based servers (Loki, Tempo, Mimir, Pyroscope):
 * HTTP and gRPC on the bind address, at the allocated ports.
 */
export function dskitServer(self: ResolvedComponent): Value {
  return {
    http_listen_address: ref.bindHost(),
    http_listen_port: self.ports.http!,
    grpc_listen_address: ref.bindHost(),
    grpc_listen_port: self.ports.grpc!,
    log_level: 'info',
  };
}
