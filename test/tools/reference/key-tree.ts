/**
 * A component's configuration reference as a set of key paths: `server.http_listen_port`,
 * `schema_config.configs[].from` (`[]` = an element of a list of blocks). Paths under an
 * `open` prefix are not the component's own schema (OpenTelemetry receivers, Prometheus
 * remote_write entries, label maps a user fills) and are not checked below it.
 */
export interface KeyReference {
  readonly component: string;
  /** The pinned version this reference stands for. */
  readonly version: string;
  /** Where the keys were read: repository, ref and commit, path, and what was not there. */
  readonly sources: readonly ReferenceSource[];
  /** Why the reference is what it is, when it is not the exact tag (read it before trusting it). */
  readonly caveat?: string;
  /** False when the key list covers only some blocks of the component's configuration. */
  readonly complete: boolean;
  readonly open: readonly string[];
  readonly keys: readonly string[];
  /** Keys the generator writes that no source of this version confirmed: accepted, and reported as such. */
  readonly unconfirmed?: readonly string[];
  readonly unconfirmedWhy?: string;
}

export interface ReferenceSource {
  readonly repo: string;
  readonly ref: string;
  readonly commit?: string;
  readonly date?: string;
  readonly path: string;
  readonly note?: string;
}

/** Every key path of a parsed config value (a YAML document as plain data). */
export function configPaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object') return prefix ? [prefix] : [];
  if (Array.isArray(value)) {
    const objects = value.filter((v) => v !== null && typeof v === 'object' && !Array.isArray(v));
    if (!objects.length) return prefix ? [prefix] : [];
    return [prefix, ...objects.flatMap((v) => configPaths(v, `${prefix}[]`))];
  }
  const entries = Object.entries(value as Record<string, unknown>);
  const out = prefix ? [prefix] : [];
  for (const [k, v] of entries) out.push(...configPaths(v, prefix ? `${prefix}.${k}` : k));
  return [...new Set(out)];
}

/** The paths of `paths` that the reference does not know (and no open prefix covers). */
export function unknownKeys(paths: readonly string[], ref: Pick<KeyReference, 'keys' | 'open' | 'unconfirmed'>): string[] {
  const keys = new Set([...ref.keys, ...(ref.unconfirmed ?? [])]);
  const isOpen = (p: string) => ref.open.some((o) => p === o || p.startsWith(`${o}.`) || p.startsWith(`${o}[]`) || p.startsWith(`${o}/`));
  return paths.filter((p) => !keys.has(p) && !isOpen(p));
}

/** Adds a path and every prefix of it. */
export function addPath(keys: Set<string>, path: string): void {
  const parts = path.split('.');
  for (let i = 1; i <= parts.length; i++) keys.add(parts.slice(0, i).join('.'));
}
