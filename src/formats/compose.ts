import { Scalar } from 'yaml';
import { toYaml } from './yaml.js';

/**
 * A Compose file. Compose interpolates `$VAR`, `${VAR}`, `${VAR:-default}` in every value
 * of the file (keys are left alone), with `$$` as the escape: every `$` of a value is
 * doubled, so a command-line argument or label reaches the container as given. The only
 * values Compose expands are the ones built with {@link composeVariable}.
 */
export function toComposeYaml(doc: unknown, header?: string): string {
  return toYaml(escape(doc), header);
}

/** A value Compose is meant to interpolate (a port from the environment, the secrets directory), double-quoted. */
export class ComposeVariable {
  constructor(readonly text: string) {}
}

export const composeVariable = (text: string): ComposeVariable => new ComposeVariable(text);

function escape(v: unknown): unknown {
  if (typeof v === 'string') return v.replaceAll('$', '$$$$');
  if (v instanceof ComposeVariable) {
    const s = new Scalar(v.text);
    s.type = Scalar.QUOTE_DOUBLE;
    return s;
  }
  if (v instanceof Scalar) {
    const s = new Scalar(escape(v.value));
    s.type = v.type;
    return s;
  }
  if (Array.isArray(v)) return v.map(escape);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, escape(x)]));
  return v;
}
