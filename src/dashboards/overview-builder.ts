import { DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import { PanelBuilder as StatPanel } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as LogsPanel } from '@grafana/grafana-foundation-sdk/logs';
import { DataqueryBuilder as PromQuery } from '@grafana/grafana-foundation-sdk/prometheus';
import { DataqueryBuilder as LokiQuery } from '@grafana/grafana-foundation-sdk/loki';
import { OVERVIEW_UID } from './overview-facts.js';


const prom = { type: 'prometheus', uid: 'prometheus' };
const lokiDs = { type: 'loki', uid: 'loki' };

/**
 * The built-in "stack overview" dashboard, written with the official Foundation SDK (the
 * way users are meant to write theirs): which services are up, what each backend ingests,
 * and the stack's own logs. Panels of disabled components are left out.
 */
export function buildOverviewDashboard(stackName: string, enabled: ReadonlySet<string>): Record<string, unknown> {
  const b = new DashboardBuilder(`${stackName}: stack overview`)
    .uid(OVERVIEW_UID)
    .tags(['grafana-stack'])
    .editable()
    .refresh('30s')
    .time({ from: 'now-1h', to: 'now' })
    .withRow(new RowBuilder('Services'));
  if (enabled.has('prometheus')) {
    b.withPanel(
      new StatPanel()
        .title('Services up')
        .description('1 when the stack\'s metrics backend can scrape the service')
        .datasource(prom)
        .withTarget(new PromQuery().expr(`up{stack="${stackName}"}`).legendFormat('{{job}}').instant())
        .height(5)
        .span(24),
    );
    b.withRow(new RowBuilder('Ingestion'));
    b.withPanel(
      new TimeseriesPanel()
        .title('Samples appended per second')
        .datasource(prom)
        .withTarget(new PromQuery().expr('sum(rate(prometheus_tsdb_head_samples_appended_total[$__rate_interval]))').legendFormat('samples/s'))
        .unit('short')
        .span(8),
    );
    if (enabled.has('loki')) {
      b.withPanel(
        new TimeseriesPanel()
          .title('Log lines received per second')
          .datasource(prom)
          .withTarget(new PromQuery().expr('sum(rate(loki_distributor_lines_received_total[$__rate_interval]))').legendFormat('lines/s'))
          .unit('short')
          .span(8),
      );
    }
    if (enabled.has('tempo')) {
      b.withPanel(
        new TimeseriesPanel()
          .title('Spans received per second')
          .datasource(prom)
          .withTarget(new PromQuery().expr('sum(rate(tempo_distributor_spans_received_total[$__rate_interval]))').legendFormat('spans/s'))
          .unit('short')
          .span(8),
      );
    }
    b.withRow(new RowBuilder('Resources'));
    b.withPanel(
      new TimeseriesPanel()
        .title('Resident memory by service')
        .datasource(prom)
        .withTarget(new PromQuery().expr(`sum by (job) (process_resident_memory_bytes{stack="${stackName}"})`).legendFormat('{{job}}'))
        .unit('bytes')
        .span(12),
    );
    b.withPanel(
      new TimeseriesPanel()
        .title('CPU by service')
        .datasource(prom)
        .withTarget(new PromQuery().expr(`sum by (job) (rate(process_cpu_seconds_total{stack="${stackName}"}[$__rate_interval]))`).legendFormat('{{job}}'))
        .unit('percentunit')
        .span(12),
    );
  }
  if (enabled.has('loki')) {
    b.withRow(new RowBuilder('Logs'));
    b.withPanel(
      new LogsPanel()
        .title('Recent logs')
        .datasource(lokiDs)
        .withTarget(new LokiQuery().expr('{service_name=~".+"}').maxLines(200))
        .height(10)
        .span(24),
    );
  }
  return b.build() as unknown as Record<string, unknown>;
}
