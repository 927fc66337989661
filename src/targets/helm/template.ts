import { toYaml } from '../../formats/yaml.js';
import { StackError, type Problem } from '../../core/errors.js';
import { keyPath, shown } from '../../formats/text.js';

/**
 * Refuses chart values Helm cannot print back. The templates write structured values with
 * Helm's `toYaml`, which goes through JSON (leaving DEL and C1 controls raw) and a YAML 1.1
 * reader that refuses them (and folds NEL into a space): Helm then prints nothing, silently
 * (an Ingress without its annotations). No escape survives that round trip, so such a
 * value is refused here.
 */
export function checkChartValues(values: unknown): void {
  const problems: Problem[] = [];
  const walk = (v: unknown, at: string): void => {
    if (typeof v === 'string') {
      if (/[\u007f-\u009f]/.test(v)) problems.push({ path: `values.yaml › ${at}`, message: `${shown(v)} has a DEL or C1 control character (NEL included), which Helm's toYaml cannot print` });
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (walk(k, keyPath(at, k)), walk(x, keyPath(at, k)));
  };
  walk(values, '');
  if (problems.length) throw new StackError('cannot write the Helm chart', problems);
}

/**
 * A value in an object that becomes a Go template expression in the chart. Objects are
 * built as data (the same data `render kubernetes` writes), a few of their values are
 * replaced by these, and {@link templateYaml} writes the YAML with the expressions in
 * place: the chart cannot drift from the manifests because it is the manifests.
 */
export type Tpl =
  /** `key: {{ expr }}`. */
  | { readonly tpl: 'scalar'; readonly expr: string; readonly when?: string }
  /** `key:` followed by `toYaml expr`, indented under the key. */
  | { readonly tpl: 'yaml'; readonly expr: string; readonly when?: string };

/** `key: {{ expr }}`, omitted unless `when` (a template condition) holds. */
export const scalar = (expr: string, when?: string): Tpl => ({ tpl: 'scalar', expr, ...(when ? { when } : {}) });
/** A structured value from the values file, omitted unless `when` holds. */
export const yamlOf = (expr: string, when?: string): Tpl => ({ tpl: 'yaml', expr, ...(when ? { when } : {}) });

/**
 * YAML with template expressions. Literal `{{` in the data (Grafana legends, Loki label
 * templates in dashboards) is escaped, so Helm prints it back unchanged: Go templates have
 * no other syntax, so nothing else in the data can become an action.
 *
 * The expressions are put in by placeholders, which must not be confused with a string of
 * the data: the placeholder prefix is one the data does not contain anywhere.
 */
export function templateYaml(data: unknown, header?: string): string {
  // Most objects hold no expression (ConfigMaps carry every dashboard): written as they are.
  if (plainWithoutTpl(data)) return templateText(toYaml(data, header));
  const tpls: Tpl[] = [];
  const seen = JSON.stringify(data ?? null) + (header ?? '');
  let prefix = '__tpl';
  while (seen.includes(prefix)) prefix += 'x';
  const token = new RegExp(`${prefix}_(\\d+)__`);
  const marked = mark(data, tpls, prefix);
  const text = templateText(toYaml(marked, header));
  return text
    .split('\n')
    .flatMap((line) => {
      const m = token.exec(line);
      if (!m) return [line];
      const tpl = tpls[Number(m[1])]!;
      const key = new RegExp(`^(\\s*)((?:- )?[^:\\s][^:]*):\\s+${prefix}_\\d+__$`).exec(line);
      if (!key) throw new Error(`template value in an unsupported position: ${line}`);
      const [, indent = '', name] = key;
      const childIndent = indent.length + (name!.startsWith('- ') ? 4 : 2);
      const body = tpl.tpl === 'scalar' ? `${indent}${name}: {{ ${tpl.expr} }}` : `${indent}${name}: {{- toYaml ${tpl.expr} | nindent ${childIndent} }}`;
      if (!tpl.when) return [body];
      if (name!.startsWith('- ')) throw new Error(`a conditional value cannot start a list item: ${line}`);
      return [`${indent}{{- if ${tpl.when} }}`, body, `${indent}{{- end }}`];
    })
    .join('\n');
}

/** Text that Helm's template engine prints back unchanged: each `{{` becomes an action printing `{{`. */
export function templateText(text: string): string {
  return text.replaceAll('{{', '{{ "{{" }}');
}

/** Plain data (what mark() would copy as it is) with no expression anywhere. */
function plainWithoutTpl(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return true;
  if (isTpl(v)) return false;
  if (Array.isArray(v)) return v.every(plainWithoutTpl);
  const proto = Object.getPrototypeOf(v) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  for (const k in v) if (!plainWithoutTpl((v as Record<string, unknown>)[k])) return false;
  return true;
}

function mark(v: unknown, tpls: Tpl[], prefix: string): unknown {
  if (isTpl(v)) {
    tpls.push(v);
    return `${prefix}_${tpls.length - 1}__`;
  }
  if (Array.isArray(v)) return v.map((x) => mark(x, tpls, prefix));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mark(x, tpls, prefix)]));
  return v;
}

function isTpl(v: unknown): v is Tpl {
  return typeof v === 'object' && v !== null && 'tpl' in v && ((v as Tpl).tpl === 'scalar' || (v as Tpl).tpl === 'yaml');
}

/** `.Values.<path>`, with `index` for keys that are not Go identifiers (`node-exporter`). */
export function valuesPath(...keys: string[]): string {
  return keys.reduce((expr, k) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `${expr}.${k}` : `(index ${expr} ${JSON.stringify(k)})`), '.Values');
}
