import type { Dashboard, Datasource, QueryLanguage, RuleGroup } from '../model/stack.js';

/** One query found in the stack, with a human path to where it was written. */
export interface FoundQuery {
  readonly where: string;
  readonly language: QueryLanguage;
  readonly query: string;
}

const BY_TYPE: Record<string, QueryLanguage> = { prometheus: 'promql', loki: 'logql', tempo: 'traceql' };

export function collectQueries(input: {
  rules: readonly RuleGroup[];
  datasources: readonly Datasource[];
  dashboards: readonly Dashboard[];
}): FoundQuery[] {
  const out: FoundQuery[] = [];
  input.rules.forEach((g, gi) =>
    g.rules.forEach((r, ri) => {
      const name = 'alert' in r ? `alert "${r.alert}"` : `record "${r.record}"`;
      out.push({ where: `rules[${gi}] (group "${g.name}") › rules[${ri}] (${name}) › expr`, language: 'promql', query: r.expr });
    }),
  );
  for (const ds of input.datasources) out.push(...datasourceLinkQueries(ds));
  const byUid = new Map(input.datasources.map((d) => [d.uid, d]));
  const fallback = input.datasources.find((d) => d.isDefault);
  for (const d of input.dashboards) out.push(...dashboardQueries(d, byUid, fallback));
  return out;
}

function datasourceLinkQueries(ds: Datasource): FoundQuery[] {
  const out: FoundQuery[] = [];
  const j = ds.jsonData as Record<string, any>;
  const at = `datasource "${ds.name}" › jsonData`;
  if (typeof j.tracesToLogsV2?.query === 'string' && j.tracesToLogsV2.customQuery) {
    out.push({ where: `${at}.tracesToLogsV2.query`, language: 'logql', query: j.tracesToLogsV2.query });
  }
  if (Array.isArray(j.tracesToMetrics?.queries)) {
    j.tracesToMetrics.queries.forEach((q: { name?: string; query?: unknown }, i: number) => {
      if (typeof q.query === 'string') {
        out.push({ where: `${at}.tracesToMetrics.queries[${i}] ("${q.name ?? ''}")`, language: 'promql', query: q.query });
      }
    });
  }
  return out;
}

interface PanelLike {
  id?: number;
  title?: string;
  type?: string;
  datasource?: unknown;
  targets?: Record<string, unknown>[];
  panels?: PanelLike[];
}

function dashboardQueries(d: Dashboard, byUid: Map<string, Datasource>, fallback: Datasource | undefined): FoundQuery[] {
  const out: FoundQuery[] = [];
  const visit = (panels: PanelLike[] | undefined): void => {
    for (const p of panels ?? []) {
      if (p.type === 'row') {
        visit(p.panels);
        continue;
      }
      (p.targets ?? []).forEach((target, i) => {
        const language = languageOf(target.datasource ?? p.datasource, byUid, fallback);
        const query = typeof target.expr === 'string' ? target.expr : typeof target.query === 'string' ? target.query : undefined;
        if (!language || query === undefined) return;
        if (language === 'traceql' && target.queryType !== undefined && target.queryType !== 'traceql' && target.queryType !== 'traceqlSearch') return;
        const refId = typeof target.refId === 'string' && target.refId ? target.refId : `#${i + 1}`;
        out.push({
          where: `dashboard "${d.title}" › panel "${p.title ?? ''}"${p.id !== undefined ? ` (id ${p.id})` : ''} › query ${refId}`,
          language,
          query,
        });
      });
    }
  };
  visit((d.json as { panels?: PanelLike[] }).panels);
  return out;
}

/**
 * The language of a panel's datasource: by its type, else by looking its uid up in the
 * stack, else the default datasource's. A template-variable datasource (`${ds}`) is not
 * known before run time, so its queries are not checked.
 */
function languageOf(ref: unknown, byUid: Map<string, Datasource>, fallback: Datasource | undefined): QueryLanguage | undefined {
  if (ref === undefined || ref === null) return fallback?.queryLanguage;
  if (typeof ref === 'string') return ref.includes('$') ? undefined : (byUid.get(ref) ?? [...byUid.values()].find((d) => d.name === ref))?.queryLanguage;
  const r = ref as { type?: string; uid?: string };
  if (typeof r.uid === 'string' && r.uid.includes('$')) return r.type ? BY_TYPE[r.type] : undefined;
  if (r.type) return BY_TYPE[r.type];
  if (r.uid) return byUid.get(r.uid)?.queryLanguage;
  return fallback?.queryLanguage;
}
