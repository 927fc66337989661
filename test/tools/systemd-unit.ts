/**
 * A unit file read back the way systemd 252 reads it (src/shared/conf-parser.c,
 * src/basic/extract-word.c, src/core/load-fragment.c), for the settings grafana-stack
 * writes: a line ending in `\` continues (the backslash becomes a space), `#`/`;` lines are
 * comments, `[Section]`, `Key=value` with surrounding whitespace stripped. Command lines
 * and Environment= are split into words with quotes and C escapes; specifiers (`%%`) and,
 * in command lines, `$$` are undone. A specifier or variable other than the escapes is
 * reported: grafana-stack never writes one. `systemd-analyze verify` checks the same files
 * with systemd itself; this parser says what the values are.
 */
export interface UnitEntry {
  readonly section: string;
  readonly key: string;
  readonly value: string;
}

export function parseUnit(text: string): UnitEntry[] {
  const entries: UnitEntry[] = [];
  let section = '';
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    const start = line.replace(/^[ \t\r]+/, '');
    if (start.startsWith('#') || start.startsWith(';')) continue;
    while (/\\$/.test(line) && i + 1 < lines.length) line = `${line.slice(0, -1)} ${lines[++i]}`;
    const l = line.trim();
    if (!l) continue;
    if (l.startsWith('[')) {
      if (!l.endsWith(']')) throw new Error(`unit: bad section line ${JSON.stringify(l)}`);
      section = l.slice(1, -1);
      continue;
    }
    const eq = l.indexOf('=');
    if (eq < 0) throw new Error(`unit: line without = ${JSON.stringify(l)}`);
    entries.push({ section, key: l.slice(0, eq).trim(), value: l.slice(eq + 1).trim() });
  }
  return entries;
}

/** `%%` -> `%`; any other specifier is an error (grafana-stack writes none). */
export function unSpecifier(s: string): string {
  return s.replace(/%(.)?/gs, (_m, c: string | undefined) => {
    if (c === '%') return '%';
    throw new Error(`unit: specifier %${c ?? ''} in ${JSON.stringify(s)}`);
  });
}

/**
 * A command line (ExecStart=) as argv, after unquoting, C unescaping and specifiers; `$$`
 * is undone in the arguments (systemd substitutes variables there, never in the executable).
 */
export function commandLine(value: string): string[] {
  return words(value).map((w, i) =>
    i === 0
      ? unSpecifier(w)
      : unSpecifier(w).replace(/\$(\$|\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)?/g, (m, v: string | undefined) => {
          if (v === '$') return '$';
          throw new Error(`unit: variable ${m} in ${JSON.stringify(w)}`);
        }),
  );
}

/** Environment= as NAME -> value (no variable expansion there). */
export function environment(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const w of words(value)) {
    const s = unSpecifier(w);
    const eq = s.indexOf('=');
    if (eq <= 0) throw new Error(`unit: bad environment word ${JSON.stringify(s)}`);
    out[s.slice(0, eq)] = s.slice(eq + 1);
  }
  return out;
}

/** extract_first_word with EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE, repeated. */
export function words(value: string): string[] {
  const out: string[] = [];
  let i = 0;
  const ws = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
  while (i < value.length) {
    while (ws(value[i])) i++;
    if (i >= value.length) break;
    let word = '';
    let quote: string | undefined;
    for (; i < value.length; i++) {
      const c = value[i]!;
      if (!quote && ws(c)) break;
      if (c === '\\') {
        const [ch, n] = cunescape(value, i + 1);
        word += ch;
        i += n;
        continue;
      }
      if (!quote && (c === '"' || c === "'")) quote = c;
      else if (quote && c === quote) quote = undefined;
      else word += c;
    }
    if (quote) throw new Error(`unit: unterminated quote in ${JSON.stringify(value)}`);
    out.push(word);
  }
  return out;
}

/** One C escape after a backslash (cunescape_one): the character and how many characters it took. */
function cunescape(s: string, at: number): [string, number] {
  const c = s[at];
  const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'", s: ' ' };
  if (c !== undefined && c in simple) return [simple[c]!, 1];
  const hex = (n: number) => {
    const h = s.slice(at + 1, at + 1 + n);
    if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(h)) throw new Error(`unit: bad escape \\${c}${h}`);
    const cp = parseInt(h, 16);
    if (cp === 0) throw new Error('unit: \\0 escape (systemd refuses NUL)');
    return String.fromCodePoint(cp);
  };
  if (c === 'x') return [hex(2), 3];
  if (c === 'u') return [hex(4), 5];
  if (c === 'U') return [hex(8), 9];
  throw new Error(`unit: unknown escape \\${c ?? ''}`);
}
