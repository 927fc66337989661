import { alloy, type AlloyBlock, type AlloyExpr, type AlloyFile } from '../../formats/alloy.js';
import { ref } from '../../model/refs.js';
import type { ResolvedComponent, Stack } from '../../model/stack.js';
import type { AlloyOptions } from './index.js';

/*
 * Components, blocks and arguments checked against Alloy 1.20's component reference,
 * docs/sources/reference/components/<namespace>/<component>.md and config-blocks/logging.md of grafana/alloy
 * main@66ebea8 (2026-08-21, after 1.19, from which 1.20 was cut; the v1.20.1 tag is newer than
 * the snapshot readable here): test/reference/alloy-1.20.1.json. The `run` flags
 * (--server.http.listen-addr, --storage.path, --disable-reporting) are in
 * docs/sources/reference/cli/run.md there.
 */

/** Where each signal goes, given which backends the stack has; absent = dropped. */
export interface AlloyRoutes {
  readonly traces?: 'tempo';
  readonly logs?: 'loki';
  readonly metrics?: 'mimir' | 'prometheus';
}

/** Backends enabled in the stack: Mimir takes the metrics when it is there, as everywhere else. */
export function alloyRoutes(stack: Pick<Stack, 'components'>): AlloyRoutes {
  const c = stack.components;
  return {
    ...(c.tempo ? { traces: 'tempo' as const } : {}),
    ...(c.loki ? { logs: 'loki' as const } : {}),
    ...(c.mimir ? { metrics: 'mimir' as const } : c.prometheus ? { metrics: 'prometheus' as const } : {}),
  };
}

/**
 * config.alloy: OTLP in (gRPC and HTTP), batched, then traces to Tempo over OTLP/gRPC, logs
 * to Loki's push API, metrics remote-written to Mimir or Prometheus. Only the exporters
 * whose backends are enabled exist. Every signal still goes from the receiver to the batch
 * processor, whose output lacks the ones with no backend: they are accepted and dropped
 * there. (A receiver without an output for a signal answers 404 for it, and with no
 * output at all does not listen, so apps would see export errors instead.)
 */
export function alloyConfig(stack: Pick<Stack, 'components' | 'name'>, self: ResolvedComponent<AlloyOptions>): AlloyFile {
  const routes = alloyRoutes(stack);
  const b = alloy;
  const batch = b.expr('otelcol.processor.batch', 'default', 'input');
  const outputs = (target: { traces?: AlloyExpr; logs?: AlloyExpr; metrics?: AlloyExpr }) =>
    b.block(
      'output',
      undefined,
      ...(['metrics', 'logs', 'traces'] as const).flatMap((s) => (target[s] ? [b.attr(s, [target[s]!])] : [])),
    );
  const exporters: AlloyBlock[] = [];
  const exportTo: { traces?: AlloyExpr; logs?: AlloyExpr; metrics?: AlloyExpr } = {};
  if (routes.traces) {
    exportTo.traces = b.expr('otelcol.exporter.otlp', 'tempo', 'input');
    exporters.push(
      b.block('otelcol.exporter.otlp', 'tempo', b.block('client', undefined, b.attr('endpoint', ref.endpoint('tempo', 'otlp-grpc')), b.block('tls', undefined, b.attr('insecure', true)))),
    );
  }
  if (routes.logs) {
    exportTo.logs = b.expr('otelcol.exporter.loki', 'default', 'input');
    exporters.push(
      b.block('otelcol.exporter.loki', 'default', b.attr('forward_to', [b.expr('loki.write', 'default', 'receiver')])),
      b.block('loki.write', 'default', b.block('endpoint', undefined, b.attr('url', ref.url('loki', 'http', '/loki/api/v1/push'))), b.attr('external_labels', { stack: stack.name })),
    );
  }
  if (routes.metrics) {
    exportTo.metrics = b.expr('otelcol.exporter.prometheus', 'default', 'input');
    const url = routes.metrics === 'mimir' ? ref.url('mimir', 'http', '/api/v1/push') : ref.url('prometheus', 'http', '/api/v1/write');
    exporters.push(
      b.block('otelcol.exporter.prometheus', 'default', b.attr('forward_to', [b.expr('prometheus.remote_write', 'default', 'receiver')])),
      b.block('prometheus.remote_write', 'default', b.block('endpoint', undefined, b.attr('url', url)), b.attr('external_labels', { stack: stack.name })),
    );
  }
  return b.file(
    b.block('logging', undefined, b.attr('level', self.options.logLevel), b.attr('format', 'logfmt')),
    b.block(
      'otelcol.receiver.otlp',
      'default',
      b.block('grpc', undefined, b.attr('endpoint', ref.listen(self.ports['otlp-grpc']!))),
      b.block('http', undefined, b.attr('endpoint', ref.listen(self.ports['otlp-http']!))),
      outputs({ traces: batch, logs: batch, metrics: batch }),
    ),
    b.block('otelcol.processor.batch', 'default', outputs(exportTo)),
    ...exporters,
  );
}
