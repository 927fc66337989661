import { StackError } from '../core/errors.js';
import { hasLoneSurrogate, INVISIBLE, keyPath, shown, uEscape } from './text.js';

/**
 * Deterministic JSON: two-space indent, trailing newline; key order as built. A lone
 * surrogate would be written as a `\udXXX` escape that Go's encoding/json (Grafana, Caddy)
 * reads back as U+FFFD, so it is refused. What JSON.stringify leaves raw but a YAML 1.1
 * reader refuses or folds (DEL, C1 controls with NEL, U+2028/2029, the BOM) is written as a
 * `\uXXXX` escape: the text then survives being carried inside YAML (a ConfigMap that
 * kubectl or kustomize converts between JSON and YAML) and reads back as the same value.
 */
export function toJson(data: unknown): string {
  const problems: { path: string; message: string }[] = [];
  check(data, '', problems);
  if (problems.length) throw new StackError('cannot write JSON', problems);
  return `${JSON.stringify(data, null, 2).replace(new RegExp(INVISIBLE.source, 'g'), uEscape)}\n`;
}

function check(v: unknown, path: string, problems: { path: string; message: string }[]): void {
  if (typeof v === 'string') {
    if (hasLoneSurrogate(v)) problems.push({ path: path || '(document)', message: `${shown(v)} has a lone UTF-16 surrogate, which no UTF-8 file can hold` });
  } else if (typeof v === 'number') {
    if (!Number.isFinite(v)) problems.push({ path: path || '(document)', message: `${v} has no JSON literal` });
  } else if (Array.isArray(v)) {
    v.forEach((x, i) => check(x, `${path}[${i}]`, problems));
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const at = keyPath(path, k);
      if (hasLoneSurrogate(k)) problems.push({ path: at, message: `key ${shown(k)} has a lone UTF-16 surrogate, which no UTF-8 file can hold` });
      check(x, at, problems);
    }
  }
}
