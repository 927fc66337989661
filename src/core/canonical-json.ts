/** A copy of `v` with every object's keys sorted, at every depth (stable hashes and diffs). */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}

/** JSON with sorted keys at every depth: equal values give equal text. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(sortKeys(v));
}
