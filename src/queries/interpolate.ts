/**
 * Grafana template variables are not query syntax: `$__rate_interval`, `${job}`,
 * `[[instance]]`, `$__tags` must become something the grammar accepts before a query can
 * be syntax-checked. Each is replaced by a neutral stand-in of the right kind (a duration
 * inside `[...]`, a label matcher for `$__tags`, an identifier elsewhere) and positions
 * are mapped back to the original text for error messages.
 */
const VARIABLE = /\$\{([A-Za-z0-9_.]+)(?::[^}]*)?\}|\$([A-Za-z_][A-Za-z0-9_]*)|\[\[([A-Za-z0-9_.]+)(?::[^\]]*)?\]\]/g;
const INTERVALS = new Set(['__interval', '__rate_interval', '__range', '__auto', '__interval_ms', '__range_s', '__range_ms']);

export interface Interpolated {
  readonly text: string;
  /** Maps an offset in `text` back to an offset in the original query. */
  toOriginal(offset: number): number;
}

export function interpolate(query: string): Interpolated {
  const segments: { from: number; to: number; origFrom: number; origTo: number }[] = [];
  let text = '';
  let last = 0;
  for (const m of query.matchAll(VARIABLE)) {
    const name = m[1] ?? m[2] ?? m[3]!;
    const start = m.index;
    text += query.slice(last, start);
    const before = query.slice(0, start).trimEnd();
    const inRange = before.endsWith('[') || /\[[^\]]*:$/.test(before);
    const replacement = INTERVALS.has(name) || inRange
      ? '1m'
      : name === '__tags'
        ? '__tags="x"'
        : 'grafana_variable';
    segments.push({ from: text.length, to: text.length + replacement.length, origFrom: start, origTo: start + m[0].length });
    text += replacement;
    last = start + m[0].length;
  }
  text += query.slice(last);
  return {
    text,
    toOriginal(offset) {
      let shift = 0;
      for (const s of segments) {
        if (offset < s.from) break;
        if (offset < s.to) return s.origFrom;
        shift = s.origTo - s.to;
      }
      return offset + shift;
    },
  };
}
