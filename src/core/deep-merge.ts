/**
 * Deep-merges a user's free-form `settings` into a generated native config: objects merge
 * key by key, anything else (arrays included) replaces, and `null` deletes the key, so a
 * user can remove a default we generate.
 */
export function deepMerge<T>(base: T, override: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(override)) {
    return (override === undefined ? base : override) as T;
  }
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete out[key];
    // defineProperty, not assignment: a key named __proto__ is data here, never the prototype.
    else if (value !== undefined) Object.defineProperty(out, key, { value: deepMerge(Object.hasOwn(out, key) ? out[key] : undefined, value), enumerable: true, writable: true, configurable: true });
  }
  return out as T;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}
