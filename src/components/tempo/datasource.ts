import type { Datasource, ResolvedComponent } from '../../model/stack.js';
import type { StackDraft } from '../component.js';
import { ref, type Value } from '../../model/refs.js';
import { metricsTarget } from './config.js';

/*
 * jsonData keys checked against Grafana 13.2: the cross-link option types of
 * @grafana/o11y-ds-frontend 13.2.1 (npm; dist/types/TraceToLogs/TraceToLogsSettings.d.ts,
 * TraceToMetrics/TraceToMetricsSettings.d.ts, TraceToProfiles/TraceToProfilesSettings.d.ts), and
 * grafana/grafana docs/sources/datasources/tempo/configure-tempo-data-source/provision.md
 * (@09fcaf5) for serviceMap, nodeGraph, search, traceQuery, streamingEnabled; lokiSearch as in
 * grafana/docker-otel-lgtm's Grafana 13.2 docker/grafana-datasources.yaml.
 * test/reference/grafana-13.2.3.json holds the list.
 */

/**
 * The Tempo datasource and its links: traces -> logs (by trace id, service.name mapped to
 * Loki's service_name), traces -> metrics (span-metrics queries), service map and node
 * graph from the metrics generator's series, traces -> profiles when Pyroscope is there.
 */
export function tempoDatasource(stack: StackDraft, self: ResolvedComponent): Datasource[] {
  const { loki, pyroscope } = stack.components;
  // Span metrics and service graphs are wherever the generator writes them.
  const metrics = metricsTarget(stack);
  const generator = Boolean(self.options.metricsGenerator) && metrics !== undefined;
  const shift = { spanStartTimeShift: '-1h', spanEndTimeShift: '1h' };
  const jsonData: Record<string, Value> = {
    nodeGraph: { enabled: true },
    search: { hide: false },
    traceQuery: { timeShiftEnabled: true, ...shift },
    streamingEnabled: { search: true, metrics: true },
  };
  if (loki) {
    jsonData.tracesToLogsV2 = {
      datasourceUid: 'loki',
      ...shift,
      filterByTraceID: false,
      filterBySpanID: false,
      customQuery: true,
      query: '{${__tags}} | trace_id="${__trace.traceId}"',
      tags: [{ key: 'service.name', value: 'service_name' }],
    };
    jsonData.lokiSearch = { datasourceUid: 'loki' };
  }
  if (metrics) {
    jsonData.tracesToMetrics = {
      datasourceUid: metrics,
      ...shift,
      tags: [{ key: 'service.name', value: 'service' }],
      queries: [
        { name: 'Request rate', query: 'sum(rate(traces_spanmetrics_calls_total{$__tags}[5m]))' },
        { name: 'Error rate', query: 'sum(rate(traces_spanmetrics_calls_total{$__tags,status_code="STATUS_CODE_ERROR"}[5m]))' },
        {
          name: 'p95 latency',
          query: 'histogram_quantile(0.95, sum by (le) (rate(traces_spanmetrics_latency_bucket{$__tags}[5m])))',
        },
      ],
    };
    if (generator) jsonData.serviceMap = { datasourceUid: metrics };
  }
  if (pyroscope) {
    // Span -> profile links. Matches service.name to the service_name label the Pyroscope SDKs set.
    jsonData.tracesToProfiles = {
      datasourceUid: 'pyroscope',
      profileTypeId: 'process_cpu:cpu:nanoseconds:cpu:nanoseconds',
      tags: [{ key: 'service.name', value: 'service_name' }],
      customQuery: false,
    };
  }
  return [
    {
      uid: 'tempo',
      name: 'Tempo',
      type: 'tempo',
      access: 'proxy',
      url: ref.url('tempo', 'http'),
      isDefault: false,
      editable: false,
      queryLanguage: 'traceql',
      jsonData,
    },
  ];
}
