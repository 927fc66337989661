import { toYaml } from '../../formats/yaml.js';

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

const TOKEN = /__tpl_(\d+)__/;

/**
 * YAML with template expressions. Literal `{{` in the data (Grafana legends, Loki label
 * templates in dashboards) is escaped first, so Helm prints it back unchanged.
 */
export function templateYaml(data: unknown, header?: string): string {
  const tpls: Tpl[] = [];
  const marked = mark(data, tpls);
  const text = toYaml(marked, header).replaceAll('{{', '{{ "{{" }}');
  return text
    .split('\n')
    .flatMap((line) => {
      const m = TOKEN.exec(line);
      if (!m) return [line];
      const tpl = tpls[Number(m[1])]!;
      const key = /^(\s*)((?:- )?[^:\s][^:]*):\s+__tpl_\d+__$/.exec(line);
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

function mark(v: unknown, tpls: Tpl[]): unknown {
  if (isTpl(v)) {
    tpls.push(v);
    return `__tpl_${tpls.length - 1}__`;
  }
  if (Array.isArray(v)) return v.map((x) => mark(x, tpls));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mark(x, tpls)]));
  return v;
}

function isTpl(v: unknown): v is Tpl {
  return typeof v === 'object' && v !== null && 'tpl' in v && ((v as Tpl).tpl === 'scalar' || (v as Tpl).tpl === 'yaml');
}

/** `.Values.<path>`, with `index` for keys that are not Go identifiers (`node-exporter`). */
export function valuesPath(...keys: string[]): string {
  return keys.reduce((expr, k) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `${expr}.${k}` : `(index ${expr} ${JSON.stringify(k)})`), '.Values');
}
