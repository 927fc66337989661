import { commentBlock } from './yaml.js';
import { isPlainObject } from '../core/deep-merge.js';

/**
 * INI in the dialect Grafana reads (go-ini): top-level keys first, then one `[section]`
 * per nested object, `[a.b]` for deeper ones. Written by hand because the INI libraries
 * on npm quote and escape in ways go-ini reads differently (it keeps quotes literally
 * in some cases), and the dialect is tiny.
 */
export function toIni(data: unknown, header?: string): string {
  if (!isPlainObject(data)) throw new Error('INI content must be an object of sections');
  const lines: string[] = [];
  const top = Object.entries(data).filter(([, v]) => !isPlainObject(v));
  for (const [k, v] of top) lines.push(line(k, v, ''));
  const walk = (prefix: string, obj: Record<string, unknown>): void => {
    const scalars = Object.entries(obj).filter(([, v]) => !isPlainObject(v) && v !== undefined);
    if (scalars.length) {
      if (lines.length) lines.push('');
      lines.push(`[${prefix}]`);
      for (const [k, v] of scalars) lines.push(line(k, v, prefix));
    }
    for (const [k, v] of Object.entries(obj)) {
      if (isPlainObject(v)) walk(`${prefix}.${k}`, v);
    }
  };
  for (const [k, v] of Object.entries(data)) if (isPlainObject(v)) walk(k, v);
  return (header ? commentBlock(header, ';') : '') + lines.join('\n') + '\n';
}

function line(key: string, value: unknown, section: string): string {
  if (value === undefined) return '';
  const where = section ? `${section}.${key}` : key;
  if (Array.isArray(value)) return `${key} = ${value.map((v) => scalar(v, where)).join(',')}`;
  return `${key} = ${scalar(value, where)}`;
}

function scalar(value: unknown, where: string): string {
  if (value === null) return '';
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (typeof value !== 'string') throw new Error(`INI value at ${where} must be a scalar`);
  if (/[\r\n]/.test(value)) throw new Error(`INI value at ${where} must be on one line`);
  // go-ini strips surrounding space and treats a leading quote as quoting: keep such values intact.
  if (/^\s|\s$|^["'`]|[;#]/.test(value)) return value.includes('`') ? `"""${value}"""` : `\`${value}\``;
  return value;
}
