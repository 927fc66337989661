import type { Problem } from '../core/errors.js';
import { collectQueries, type FoundQuery } from './collect.js';
import { checkQueryWith, parserFor } from './syntax.js';
import type { Dashboard, Datasource, QueryLanguage, RuleGroup } from '../model/stack.js';

/** Syntax-checks every PromQL, LogQL and TraceQL query in rules, datasource links and dashboards. */
export async function checkStackQueries(input: {
  rules: readonly RuleGroup[];
  datasources: readonly Datasource[];
  dashboards: readonly Dashboard[];
}): Promise<{ problems: Problem[]; checked: number }> {
  const found = collectQueries(input);
  const languages = [...new Set(found.map((q) => q.language))];
  const parsers = new Map(await Promise.all(languages.map(async (l) => [l, await parserFor(l)] as const)));
  const problems: Problem[] = [];
  for (const q of found) {
    const p = checkQueryWith(parsers.get(q.language as QueryLanguage)!, q.language, q.query);
    if (p) problems.push({ path: q.where, message: p.message });
  }
  return { problems, checked: found.length };
}

export type { FoundQuery };
