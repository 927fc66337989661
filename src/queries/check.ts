import type { Problem } from '../core/errors.js';
import { collectQueries, type FoundQuery } from './collect.js';
import { checkQueryWith, parserFor } from './syntax.js';
import type { Dashboard, Datasource, QueryLanguage, RuleGroup } from '../model/stack.js';

/**
 * Queries known to parse with this build's grammars (kept by the CLI between commands): they
 * are not parsed again, and when every query is known the grammars are not even loaded.
 */
export interface KnownQueries {
  has(language: string, query: string): boolean;
  /** A query that parsed. */
  add(language: string, query: string): void;
}

/** Syntax-checks every PromQL, LogQL and TraceQL query in rules, datasource links and dashboards. */
export async function checkStackQueries(
  input: {
    rules: readonly RuleGroup[];
    datasources: readonly Datasource[];
    dashboards: readonly Dashboard[];
  },
  known?: KnownQueries,
): Promise<{ problems: Problem[]; checked: number }> {
  const all = collectQueries(input);
  const found = known ? all.filter((q) => !known.has(q.language, q.query)) : all;
  const languages = [...new Set(found.map((q) => q.language))];
  const parsers = new Map(await Promise.all(languages.map(async (l) => [l, await parserFor(l)] as const)));
  const problems: Problem[] = [];
  for (const q of found) {
    const p = checkQueryWith(parsers.get(q.language as QueryLanguage)!, q.language, q.query);
    if (p) problems.push({ path: q.where, message: p.message });
    else known?.add(q.language, q.query);
  }
  return { problems, checked: all.length };
}

export type { FoundQuery };
