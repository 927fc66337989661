import { StackError } from '../core/errors.js';
import { isPlainObject } from '../core/deep-merge.js';
import { commentBlock } from './yaml.js';
import { CONTROL, hasLoneSurrogate, keyPath, shown } from './text.js';

/**
 * INI in the dialect Grafana reads (go-ini, gopkg.in/ini.v1, loaded with its default
 * options): top-level keys first, then one `[section]` per nested object, `[a.b]` for
 * deeper ones. Written by hand because the INI libraries on npm quote and escape in ways
 * go-ini reads differently (it keeps quotes literally in some cases), and the dialect is tiny.
 *
 * Nothing in a value becomes structure, and what Grafana reads is the value given:
 * - section and key names are identifiers (letters, digits, `_ . -`): go-ini has no escape
 *   for `]` in a section name, and a `=`, `:` or leading `#`/`;` in a key would split it;
 * - a section or key written twice (`{a: {b: {}}}` and `{'a.b': {}}`) is refused, not merged;
 * - a value is one line: control characters (newline, NUL, ...) are refused, since go-ini
 *   reads lines; one that go-ini would trim, cut at `#`/`;`, unquote or continue onto the
 *   next line (a trailing `\`) is written in backquotes, which go-ini returns verbatim;
 * - Grafana expands `$__file{..}`, `$__env{..}`, `${..}` (pkg/setting/expanders.go) and
 *   go-ini `%(key)s` (key.go transformValue) in every value, with no escape for either:
 *   a value holding one is refused, unless it is an {@link IniExpansion} the component
 *   built on purpose (a secret read from a file, Grafana's own `%(domain)s`).
 */
export function toIni(data: unknown, header?: string): string {
  if (!isPlainObject(data)) throw new Error('INI content must be an object of sections');
  const problems: { path: string; message: string }[] = [];
  const lines: string[] = [];
  const sections = new Map<string, string>();
  const top = Object.entries(data).filter(([, v]) => v !== undefined && !isSection(v));
  for (const [k, v] of top) lines.push(line(k, v, keyPath('', k), problems));
  const walk = (name: string, path: string, obj: Record<string, unknown>): void => {
    if (!SECTION.test(name)) {
      problems.push({ path, message: `section name ${shown(name)} must be letters, digits, _ . - (go-ini reads no escape in [...])` });
      return;
    }
    const scalars = Object.entries(obj).filter(([, v]) => v !== undefined && !isSection(v));
    if (scalars.length) {
      const first = sections.get(name);
      if (first !== undefined) problems.push({ path, message: `writes section [${name}] again (first written for ${first}); Grafana would merge the two` });
      sections.set(name, path);
      if (lines.length) lines.push('');
      lines.push(`[${name}]`);
      for (const [k, v] of scalars) lines.push(line(k, v, keyPath(path, k), problems));
    }
    for (const [k, v] of Object.entries(obj)) {
      if (isSection(v)) walk(`${name}.${k}`, keyPath(path, k), v);
    }
  };
  for (const [k, v] of Object.entries(data)) if (isSection(v)) walk(k, keyPath('', k), v);
  if (problems.length) throw new StackError('cannot write INI', problems);
  return (header ? commentBlock(header, ';') : '') + lines.join('\n') + '\n';
}

/**
 * A value Grafana expands on purpose, written without the refusal of expansions: the
 * contents of a file (`$__file{path}`, how secrets reach grafana.ini), or a value with
 * go-ini's `%(key)s` references to other keys of its section. Build it with {@link ini}.
 */
export type IniExpansion =
  | { readonly $ini: 'file'; readonly path: unknown }
  | { readonly $ini: 'interpolate'; readonly value: unknown };

/** Builders of the values Grafana expands; only components (never a definition's data) make them. */
export const ini = {
  /** `$__file{path}`: Grafana reads the value from the file (trailing space trimmed). */
  file: <T>(path: T) => ({ $ini: 'file' as const, path }),
  /** A value whose `%(key)s` references go-ini replaces with other keys of its section. */
  interpolate: <T>(value: T) => ({ $ini: 'interpolate' as const, value }),
};

/** True for an object a definition could have written to look like an {@link IniExpansion}. */
export function isIniExpansion(v: unknown): v is IniExpansion {
  return isPlainObject(v) && typeof v.$ini === 'string';
}

const SECTION = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const KEY = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
/** Grafana's expander syntax (`$__file{x}`, `$__env{X}`, `${X}`) and go-ini's `%(key)s`. */
const GRAFANA_EXPANSION = /\$(|__\w+)\{[^}]+\}/;
const GO_INI_REFERENCE = /%\([^)]+\)s/;

function isSection(v: unknown): v is Record<string, unknown> {
  return isPlainObject(v) && !isIniExpansion(v);
}

function line(key: string, value: unknown, where: string, problems: { path: string; message: string }[]): string {
  if (!KEY.test(key)) {
    problems.push({ path: where, message: `key ${shown(key)} must be letters, digits, _ . - (go-ini splits keys at = and :)` });
    return '';
  }
  if (Array.isArray(value)) {
    // Grafana splits list values at commas and spaces (util.SplitString).
    const items = value.map((v, i) => {
      const s = scalar(v, `${where}[${i}]`, problems);
      if (/[,\s]/.test(s)) problems.push({ path: `${where}[${i}]`, message: `${shown(v)} cannot be a list item: Grafana splits lists at commas and spaces` });
      return s;
    });
    return `${key} = ${quote(items.join(','))}`;
  }
  if (isIniExpansion(value)) return `${key} = ${expansion(value, where, problems)}`;
  return `${key} = ${quote(scalar(value, where, problems))}`;
}

/** A scalar as the text go-ini must read back, checked for structure and expansions. */
function scalar(value: unknown, where: string, problems: { path: string; message: string }[], allow: 'none' | 'interpolate' = 'none'): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) problems.push({ path: where, message: `${value} is not a number Grafana reads` });
    return String(value);
  }
  if (typeof value !== 'string') {
    problems.push({ path: where, message: `an INI value must be a string, number or boolean, got ${isPlainObject(value) ? 'an object' : typeof value}` });
    return '';
  }
  if (CONTROL.test(value.replaceAll('\t', ' '))) problems.push({ path: where, message: `${shown(value)} has a newline or control character: an INI value is one line` });
  else if (hasLoneSurrogate(value)) problems.push({ path: where, message: `${shown(value)} has a lone UTF-16 surrogate, which no UTF-8 file can hold` });
  else if (GRAFANA_EXPANSION.test(value)) problems.push({ path: where, message: `${shown(value)} would be expanded by Grafana ($__file{}, $__env{}, \${} have no escape in grafana.ini): use a secret reference ({ file } or { env }) instead` });
  else if (allow === 'none' && GO_INI_REFERENCE.test(value)) problems.push({ path: where, message: `${shown(value)} would be replaced by Grafana's INI reader (%(key)s has no escape in grafana.ini)` });
  return value;
}

function expansion(v: IniExpansion, where: string, problems: { path: string; message: string }[]): string {
  if (v.$ini === 'interpolate' && Object.keys(v).length === 2) return quote(scalar(v.value, where, problems, 'interpolate'));
  if (v.$ini === 'file' && Object.keys(v).length === 2 && typeof v.path === 'string') {
    const path = scalar(v.path, where, problems);
    // The expander reads up to the first `}`, and trims nothing: the path must hold neither brace.
    if (/[{}]/.test(path)) problems.push({ path: where, message: `file ${shown(path)} has a brace, which Grafana's $__file{...} cannot hold` });
    return quote(`$__file{${path}}`);
  }
  problems.push({ path: where, message: 'malformed INI expansion (build it with ini.file or ini.interpolate)' });
  return '';
}

/**
 * The value as go-ini reads it back: plain when go-ini returns it unchanged, else in
 * backquotes (go-ini returns everything between the first and the last one verbatim).
 */
function quote(s: string): string {
  const plain = s === '' || (!/^[\s\u0085\u00a0"'`]|[\s\u0085\u00a0]$|[#;\\`"']/.test(s) && !/^\s*$/.test(s));
  return plain ? s : `\`${s}\``;
}
