import { StackError } from '../core/errors.js';

/**
 * What every writer needs to know about a string before it puts it into a file: the
 * characters that some consumer reads as structure or refuses, and a way to show a
 * hostile value in an error message without sending it to the terminal as is.
 */

/**
 * Characters no writer passes through raw: C0 controls but tab and newline, DEL, C1
 * controls (NEL U+0085 is a line break to Go's YAML parsers; CSI U+009B is an escape to
 * some terminals), the line and paragraph separators (line breaks to YAML 1.1 parsers),
 * the BOM (not printable to go-yaml mid-stream), and the bidirectional overrides and
 * isolates that make a reviewer read a file differently from its parser.
 */
export const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069]/;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'g');

/** Any control character, newline and tab included, and the invisible ones above. */
export const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069]/;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when `s` has a UTF-16 surrogate without its pair: it has no UTF-8 encoding at all. */
export function hasLoneSurrogate(s: string): boolean {
  return LONE_SURROGATE.test(s);
}

/** `\uXXXX` for one UTF-16 code unit. */
export function uEscape(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * A value as it is shown in an error message: JSON-quoted (so a newline shows as `\n`),
 * with the characters JSON leaves raw but a terminal acts on (C1 controls, separators,
 * bidi overrides) escaped too, and cut to `max` characters.
 */
export function shown(value: unknown, max = 80): string {
  let s = typeof value === 'string' ? value : String(value);
  if (s.length > max) s = `${s.slice(0, max - 3)}...`;
  return JSON.stringify(s).replace(INVISIBLE_ALL, uEscape);
}

/**
 * Text for a terminal: every control character but newline and tab, and every invisible
 * one, as `\uXXXX`, so a query, title or path in an error message cannot move the cursor,
 * recolour the screen or rewrite the title bar.
 */
export function terminalSafe(text: string): string {
  return text.replace(INVISIBLE_ALL, uEscape);
}

/** Comment lines for any format: each control or invisible character escaped, so a comment stays a comment. */
export function commentText(text: string): string[] {
  return text.split('\n').map((l) => l.replace(/\r/g, '\\r').replace(INVISIBLE_ALL, uEscape));
}

/** The error a writer throws for a value it cannot write: where (file and key) and what. */
export function unwritable(file: string, where: string, value: unknown, why: string): StackError {
  return new StackError(`cannot write ${file}`, [{ path: where, message: `${shown(value)} ${why}` }]);
}
