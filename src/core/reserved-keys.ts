/**
 * Object keys the writers read as instructions rather than data: a plan reference
 * (`$ref`, model/refs.ts), a Grafana INI expansion (`$ini`, formats/ini.ts), an Alloy
 * expression (`$alloyExpr`, formats/alloy.ts). A definition's free-form data (settings,
 * jsonData, dashboard JSON) is merged into generated files, so it may hold none of them:
 * `{ "$ref": "secretFile", ... }` in a setting would otherwise be resolved as a reference.
 */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['$ref', '$ini', '$alloyExpr']);

/** Paths (as key lists) of every reserved key in a JSON-like value. */
export function reservedKeyPaths(value: unknown, at: readonly (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => reservedKeyPaths(v, [...at, i]));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => (RESERVED_KEYS.has(k) ? [[...at, k]] : reservedKeyPaths(v, [...at, k])));
}

export const RESERVED_KEY_MESSAGE = 'is reserved for what grafana-stack generates (a reference or expansion); free-form data is written as given';
