import { stringify } from 'yaml';

/**
 * Deterministic YAML: key order is the order the component built (it is meaningful to a
 * reader of prometheus.yml), no line folding (a folded PromQL expression is unreadable),
 * no anchors/aliases (repeated objects are written out), and a trailing newline.
 */
export function toYaml(data: unknown, header?: string): string {
  const body = stringify(data, {
    lineWidth: 0,
    aliasDuplicateObjects: false,
    indentSeq: true,
  });
  return (header ? commentBlock(header, '#') : '') + body;
}

export function commentBlock(text: string, marker: string): string {
  return text
    .split('\n')
    .map((l) => (l ? `${marker} ${l}` : marker))
    .join('\n')
    .concat('\n');
}
