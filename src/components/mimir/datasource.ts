import type { Datasource, ResolvedComponent } from '../../model/stack.js';
import type { StackDraft } from '../component.js';
import { ref } from '../../model/refs.js';

/**
 * Mimir as the stack's default metrics datasource: Prometheus remote-writes everything it
 * scrapes here and Tempo's metrics generator writes here, so this is where the long-term
 * series and the exemplars are.
 */
export function mimirDatasource(stack: StackDraft, self: ResolvedComponent): Datasource[] {
  return [
    {
      uid: 'mimir',
      name: 'Mimir',
      type: 'prometheus',
      access: 'proxy',
      url: ref.url('mimir', 'http', '/prometheus'),
      isDefault: true,
      editable: false,
      queryLanguage: 'promql',
      jsonData: {
        httpMethod: 'POST',
        prometheusType: 'Mimir',
        // Grafana compares against "2.x"-style versions to pick features; the module's release.
        prometheusVersion: self.version.replace(/-.*$/, ''),
        timeInterval: String(stack.components.prometheus?.options.scrapeInterval ?? '15s'),
        ...(stack.components.tempo
          ? { exemplarTraceIdDestinations: [{ name: 'trace_id', datasourceUid: 'tempo', urlDisplayLabel: 'View trace' }] }
          : {}),
      },
    },
  ];
}
