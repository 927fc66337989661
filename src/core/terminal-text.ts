/**
 * Characters no writer passes through raw and no error message prints raw: C0 controls but
 * tab and newline, DEL, C1 controls (NEL U+0085 is a line break to Go's YAML parsers; CSI
 * U+009B is an escape to some terminals), the line and paragraph separators (line breaks to
 * YAML 1.1 parsers), the BOM (not printable to go-yaml mid-stream), and the bidirectional
 * overrides and isolates that make a reader see a text differently from its parser.
 */
export const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069]/;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'g');

/** `\uXXXX` for one UTF-16 code unit. */
export function uEscape(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Text for a terminal: every control character but newline and tab, and every invisible
 * one, as `\uXXXX`, so a query, title or path in an error message cannot move the cursor,
 * recolour the screen or rewrite the title bar.
 */
export function terminalSafe(text: string): string {
  return text.replace(INVISIBLE_ALL, uEscape);
}
