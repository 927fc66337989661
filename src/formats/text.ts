/**
 * What every writer needs to know about a string before it puts it into a file: the
 * characters that some consumer reads as structure or refuses, and a way to show a
 * hostile value in an error message without sending it to the terminal as is.
 */

import { INVISIBLE, terminalSafe, uEscape } from '../core/terminal-text.js';

export { INVISIBLE, terminalSafe, uEscape };
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'g');

/** Any control character, newline and tab included, and the invisible ones above. */
export const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069]/;

/** True when `s` has a UTF-16 surrogate without its pair: it has no UTF-8 encoding at all. */
export function hasLoneSurrogate(s: string): boolean {
  // ES2024's String.prototype.isWellFormed (Node 20): native, where a lookbehind regex was
  // a noticeable part of writing a large ConfigMap.
  return !(s as string & { isWellFormed(): boolean }).isWellFormed();
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

/** `path.key`, or `path["key"]` when the key is not an identifier, so an error path is one printable line. */
export function keyPath(path: string, key: string): string {
  if (/^[A-Za-z0-9_$-]+$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${shown(key)}]`;
}

/** Comment lines for any format: each control or invisible character escaped, so a comment stays a comment. */
export function commentText(text: string): string[] {
  return text.split('\n').map((l) => l.replace(/\r/g, '\\r').replace(INVISIBLE_ALL, uEscape));
}
