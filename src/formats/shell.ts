import { StackError } from '../core/errors.js';
import { hasLoneSurrogate, shown } from './text.js';

/**
 * Shell words. In POSIX sh single quotes keep every byte literally (newlines included) and
 * cannot hold a single quote, which is closed, escaped and reopened. fish's single quotes
 * also read `\\` and `\'`. A NUL byte cannot be in any shell word or environment value, and
 * a lone surrogate has no UTF-8 encoding: both are refused.
 */
export function shQuote(s: string): string {
  checkWord(s);
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

/** A value quoted for fish, whose single quotes also treat `\\` specially. */
export function fishQuote(s: string): string {
  checkWord(s);
  return `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** An environment variable name a shell can set and read back. */
export function checkVariableName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new StackError(`cannot write a shell variable named ${shown(name)}: expected letters, digits and _`);
  return name;
}

function checkWord(s: string): void {
  if (s.includes('\u0000')) throw new StackError(`cannot write ${shown(s)} for a shell: it has a NUL character`);
  if (hasLoneSurrogate(s)) throw new StackError(`cannot write ${shown(s)} for a shell: it has a lone UTF-16 surrogate`);
}
