import { deepMerge } from '../core/deep-merge.js';
import type { Problem } from '../core/errors.js';
import type { Value } from '../model/refs.js';
import type { Datasource, QueryLanguage } from '../model/stack.js';

export interface DatasourceOverride {
  uid?: string;
  name?: string;
  type?: string;
  url?: string;
  access?: 'proxy' | 'direct';
  isDefault?: boolean;
  editable?: boolean;
  jsonData?: Record<string, unknown>;
  queryLanguage?: QueryLanguage;
}

const LANGUAGE: Record<string, QueryLanguage> = { prometheus: 'promql', loki: 'logql', tempo: 'traceql' };

/**
 * Applies the user's `datasources`: an entry whose uid (or name) matches a generated
 * datasource overrides its fields (jsonData deep-merged), any other entry is added and
 * needs name, type and url. At most one datasource may be the default.
 */
export function mergeDatasources(generated: Datasource[], overrides: readonly DatasourceOverride[], problems: Problem[]): Datasource[] {
  const out = [...generated];
  // Which entry of `datasources` last wrote each datasource: a second entry for the same
  // one would silently replace what the first said.
  const writer = new Map<number, number>();
  overrides.forEach((o, i) => {
    const at = `datasources[${i}]`;
    const idx = out.findIndex((d) => (o.uid && d.uid === o.uid) || (!o.uid && o.name && d.name === o.name));
    const earlier = writer.get(idx);
    if (idx >= 0 && earlier !== undefined) {
      const key = o.uid ? `uid "${o.uid}"` : `name "${o.name}"`;
      problems.push({ path: `${at}.${o.uid ? 'uid' : 'name'}`, message: `${key} is already used by datasources[${earlier}]: give each datasource one entry` });
      return;
    }
    if (idx >= 0) writer.set(idx, i);
    if (idx >= 0) {
      const d = out[idx]!;
      if (o.isDefault) for (let j = 0; j < out.length; j++) out[j] = { ...out[j]!, isDefault: false };
      out[idx] = {
        ...d,
        ...(o.name ? { name: o.name } : {}),
        ...(o.type ? { type: o.type } : {}),
        ...(o.url ? { url: o.url } : {}),
        ...(o.access ? { access: o.access } : {}),
        ...(o.isDefault !== undefined ? { isDefault: o.isDefault } : {}),
        ...(o.editable !== undefined ? { editable: o.editable } : {}),
        ...(o.queryLanguage ? { queryLanguage: o.queryLanguage } : {}),
        jsonData: deepMerge(d.jsonData, o.jsonData ?? {}) as Record<string, Value>,
      };
      return;
    }
    const missing = (['name', 'type', 'url'] as const).filter((k) => !o[k]);
    if (missing.length) {
      problems.push({
        path: at,
        message: `no generated datasource has ${o.uid ? `uid "${o.uid}"` : `name "${o.name ?? ''}"`}; a new datasource needs ${missing.join(', ')}`,
      });
      return;
    }
    if (o.isDefault) for (let j = 0; j < out.length; j++) out[j] = { ...out[j]!, isDefault: false };
    const uid = o.uid ?? o.name!.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').slice(0, 40);
    if (out.some((d) => d.uid === uid)) {
      problems.push({ path: `${at}.uid`, message: `uid "${uid}" is already used by datasource "${out.find((d) => d.uid === uid)!.name}"` });
      return;
    }
    const language = o.queryLanguage ?? LANGUAGE[o.type!];
    writer.set(out.length, i);
    out.push({
      uid,
      name: o.name!,
      type: o.type!,
      access: o.access ?? 'proxy',
      url: o.url!,
      isDefault: o.isDefault ?? false,
      editable: o.editable ?? false,
      jsonData: (o.jsonData ?? {}) as Record<string, Value>,
      ...(language ? { queryLanguage: language } : {}),
    });
  });
  const names = new Map<string, number>();
  out.forEach((d, i) => {
    if (names.has(d.name)) problems.push({ path: 'datasources', message: `two datasources are named "${d.name}"` });
    names.set(d.name, i);
  });
  return out;
}
