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

export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => terminalSafe(`  ${p.path || '(root)'}: ${p.message}`)).join('\n');
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
