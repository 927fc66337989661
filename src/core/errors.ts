import { terminalSafe } from './terminal-text.js';

/**
 * Errors a user can fix (bad config, port clash, broken query). The CLI prints them
 * without a stack trace and exits with {@link StackError.exitCode}; anything else is a
 * bug and keeps its stack.
 */
export interface Problem {
  /** Where: a config path such as `loki.retention`, or `dashboard "API" › panel "Errors"`. */
  readonly path: string;
  /** What is wrong, including what was expected and what was given. */
  readonly message: string;
}

export class StackError extends Error {
  /** Brand instead of `instanceof`, so duplicate copies of this package still agree. */
  readonly isStackError = true;
  readonly problems: readonly Problem[];
  readonly exitCode: number;

  constructor(summary: string, problems: readonly Problem[] = [], exitCode = 2) {
    // Printed to a terminal: a value from the definition (a query, a title) may carry escape sequences.
    super(terminalSafe(problems.length ? `${summary}\n${formatProblems(problems)}` : summary));
    this.name = 'StackError';
    this.problems = problems;
    this.exitCode = exitCode;
  }
}

export function isStackError(e: unknown): e is StackError {
  return typeof e === 'object' && e !== null && (e as { isStackError?: unknown }).isStackError === true;
}

/** Problems shown in a message; the rest are counted (all stay in {@link StackError.problems}). */
export const SHOWN_PROBLEMS = 50;
const LINE = 400;

/** One line per problem, at most {@link SHOWN_PROBLEMS} lines of at most 400 characters, then a count of the rest. */
export function formatProblems(problems: readonly Problem[]): string {
  const lines = problems.slice(0, SHOWN_PROBLEMS).map((p) => {
    // A path as long as a deeply nested value: its start and end say where.
    const path = p.path.length > 160 ? `${p.path.slice(0, 100)}...${p.path.slice(-57)}` : p.path;
    const line = terminalSafe(`  ${path || '(root)'}: ${p.message}`);
    return line.length > LINE ? `${line.slice(0, LINE - 3)}...` : line;
  });
  if (problems.length > SHOWN_PROBLEMS) lines.push(`  ... and ${problems.length - SHOWN_PROBLEMS} more (${problems.length} problems in all; fix these first)`);
  return lines.join('\n');
}

/** Collects problems so validation reports every error at once, then throws once. */
export class ProblemCollector {
  readonly problems: Problem[] = [];
  add(path: string, message: string): void {
    this.problems.push({ path, message });
  }
  throwIfAny(summary: string): void {
    if (this.problems.length) throw new StackError(summary, this.problems);
  }
}
