import type { Ref } from '../model/refs.js';
import { StackError } from '../core/errors.js';
import { shown } from './text.js';

/**
 * Alloy's configuration syntax (config.alloy) as data, and its printer. A file is a list
 * of statements: blocks (`loki.write "default" { ... }`) and attributes (`url = "..."`).
 * The tree is plain data that may hold references, so a component builds it once and each
 * target resolves the references before {@link toAlloy} prints it: strings are escaped
 * after resolution, whatever a URL or label turns out to contain.
 *
 * Written by hand because no JavaScript library prints Alloy syntax; it is small: blocks,
 * attributes, literals, and references to other components' exports.
 */
export type AlloyFile = {
  readonly kind: 'alloy-file';
  readonly body: readonly AlloyStatement[];
};

export type AlloyStatement = AlloyBlock | AlloyAttribute;

export type AlloyBlock = {
  readonly kind: 'block';
  /** Dotted block name: `otelcol.receiver.otlp`, `client`. */
  readonly name: string;
  /** Component label (`"default"`); absent for nested blocks. */
  readonly label?: string | Ref;
  readonly body: readonly AlloyStatement[];
};

export type AlloyAttribute = {
  readonly kind: 'attr';
  readonly name: string;
  readonly value: AlloyValue;
};

/** A reference to another component's export (`loki.write.default.receiver`), printed bare. */
export type AlloyExpr = {
  readonly $alloyExpr: string;
};

export type AlloyValue =
  | string
  | number
  | boolean
  | null
  | Ref
  | AlloyExpr
  | readonly AlloyValue[]
  | { readonly [key: string]: AlloyValue };

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Builders: the only way components write Alloy, so names are checked where they are made. */
export const alloy = {
  file: (...body: AlloyStatement[]): AlloyFile => ({ kind: 'alloy-file', body }),
  /** A component or nested block; a label must be an identifier (Alloy rejects other component labels). */
  block: (name: string, label: string | undefined, ...body: (AlloyStatement | undefined)[]): AlloyBlock => {
    checkName(name, DOTTED, 'block name');
    if (label !== undefined) checkName(label, IDENT, 'component label');
    return { kind: 'block', name, ...(label !== undefined ? { label } : {}), body: body.filter((s) => s !== undefined) };
  },
  attr: (name: string, value: AlloyValue): AlloyAttribute => {
    checkName(name, IDENT, 'attribute name');
    return { kind: 'attr', name, value };
  },
  /** An export of another component: `alloy.expr('loki.write', 'default', 'receiver')`. */
  expr: (...parts: string[]): AlloyExpr => {
    const text = parts.join('.');
    checkName(text, DOTTED, 'reference');
    return { $alloyExpr: text };
  },
};

function checkName(name: string, re: RegExp, what: string): void {
  if (!re.test(name)) throw new Error(`invalid Alloy ${what} ${JSON.stringify(name)}: expected identifiers (letters, digits, _)${re === DOTTED ? ' joined by dots' : ''}`);
}

/**
 * An Alloy string literal. Quotes, backslashes and newlines are escaped, and so is every
 * control or invisible character (C0, DEL, C1, line/paragraph separators, BOM), so the
 * literal is one printable line and means exactly `s`. Lone surrogates cannot be written
 * as UTF-8 at all: they are refused rather than silently replaced.
 */
export function alloyString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c >= 0xd800 && c <= 0xdfff) throw new StackError(`cannot write a lone surrogate (U+${c.toString(16).toUpperCase()}) in an Alloy string: ${shown(s)}`);
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Prints a resolved (reference-free) Alloy file: tab indent, `=` aligned in runs of attributes as `alloy fmt` does. */
export function toAlloy(content: unknown, header?: string): string {
  const file = content as AlloyFile;
  if (!file || file.kind !== 'alloy-file' || !Array.isArray(file.body)) throw new Error('alloy file content must be built with alloy.file()');
  const lines: string[] = [];
  if (header) for (const l of header.split('\n')) lines.push(l ? `// ${l}` : '//');
  if (header && file.body.length) lines.push('');
  statements(file.body, 0, lines);
  return `${lines.join('\n')}\n`;
}

function statements(body: readonly AlloyStatement[], depth: number, lines: string[]): void {
  const pad = '\t'.repeat(depth);
  body.forEach((s, i) => {
    if (s.kind === 'block') {
      // A blank line before every block but the first, as `alloy fmt` writes it.
      if (i > 0) lines.push('');
      const label = s.label === undefined ? '' : ` ${alloyString(String(s.label))}`;
      if (!s.body.length) {
        lines.push(`${pad}${s.name}${label} { }`);
        return;
      }
      lines.push(`${pad}${s.name}${label} {`);
      statements(s.body, depth + 1, lines);
      lines.push(`${pad}}`);
    } else {
      // alloy fmt aligns `=` across consecutive attributes.
      let start = i;
      while (start > 0 && body[start - 1]!.kind === 'attr') start--;
      let end = i;
      while (end + 1 < body.length && body[end + 1]!.kind === 'attr') end++;
      const width = Math.max(...body.slice(start, end + 1).map((a) => a.name.length));
      if (i > 0 && body[i - 1]!.kind === 'block') lines.push('');
      lines.push(`${pad}${s.name.padEnd(width)} = ${value(s.value, depth)}`);
    }
  });
}

function value(v: unknown, depth: number): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return alloyString(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`Alloy has no literal for ${v}`);
    return String(v);
  }
  if (Array.isArray(v)) return `[${v.map((x) => value(x, depth)).join(', ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (typeof o.$alloyExpr === 'string' && Object.keys(o).length === 1) {
      checkName(o.$alloyExpr, DOTTED, 'reference');
      return o.$alloyExpr;
    }
    const entries = Object.entries(o).filter(([, x]) => x !== undefined);
    if (!entries.length) return '{}';
    const pad = '\t'.repeat(depth + 1);
    const keys = entries.map(([k]) => (IDENT.test(k) ? k : alloyString(k)));
    const width = Math.max(...keys.map((k) => k.length));
    const body = entries.map(([, x], i) => `${pad}${keys[i]!.padEnd(width)} = ${value(x, depth + 1)},`);
    return `{\n${body.join('\n')}\n${'\t'.repeat(depth)}}`;
  }
  throw new Error(`cannot write ${typeof v} as an Alloy value`);
}
