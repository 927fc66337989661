import type { LRParser } from '@lezer/lr';
import type { QueryLanguage } from '../model/stack.js';
import { interpolate } from './interpolate.js';

/** A syntax error in one query, with a 1-based line and column in the original text. */
export interface SyntaxProblem {
  readonly language: QueryLanguage;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

const LABEL: Record<QueryLanguage, string> = { promql: 'PromQL', logql: 'LogQL', traceql: 'TraceQL' };

/**
 * Checks one query with the official Lezer grammar of its language (the ones Grafana's
 * own editors use). Returns the first error, or undefined when the query parses.
 */
export async function checkQuery(language: QueryLanguage, query: string): Promise<SyntaxProblem | undefined> {
  return checkQueryWith(await parserFor(language), language, query);
}

export function checkQueryWith(parser: LRParser, language: QueryLanguage, query: string): SyntaxProblem | undefined {
  if (!query.trim()) return { language, line: 1, column: 1, message: `${LABEL[language]} query is empty` };
  const { text, toOriginal } = interpolate(query);
  const tree = parser.parse(text);
  let errorAt: number | undefined;
  tree.iterate({
    enter(node) {
      if (errorAt !== undefined) return false;
      if (node.type.isError) errorAt = node.from;
      return undefined;
    },
  });
  if (errorAt === undefined) return undefined;
  const offset = toOriginal(errorAt);
  const before = query.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  const lineText = query.split('\n')[line - 1] ?? '';
  const near = offset >= query.length ? 'at the end of the query' : `near ${JSON.stringify(query.slice(offset, offset + 12))}`;
  return {
    language,
    line,
    column,
    message: `${LABEL[language]} syntax error at ${line}:${column} ${near}\n      ${lineText}\n      ${' '.repeat(Math.max(0, column - 1))}^`,
  };
}

const cache = new Map<QueryLanguage, Promise<LRParser>>();

/** Grammars are loaded on demand so commands that check nothing stay fast. */
export function parserFor(language: QueryLanguage): Promise<LRParser> {
  let p = cache.get(language);
  if (!p) {
    p = (async () => {
      switch (language) {
        case 'promql':
          return (await import('@prometheus-io/lezer-promql')).parser;
        case 'logql':
          return (await import('@grafana/lezer-logql')).parser;
        case 'traceql':
          return (await import('@grafana/lezer-traceql')).parser;
      }
    })();
    cache.set(language, p);
  }
  return p;
}
