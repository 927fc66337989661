/**
 * Grafana's provisioning files (datasources, dashboard providers) are YAML whose string
 * values Grafana expands when it reads them (pkg/services/provisioning/values: each value
 * is split at `$$`, each part goes through the `$__file{}`/`$__env{}` expanders and
 * os.ExpandEnv, and the parts are joined with `$`). `$$` is the one escape, so every `$`
 * of a value is doubled and the value Grafana sees is the one given. Keys are not expanded.
 */
export function escapeDollars(v: unknown): unknown {
  if (typeof v === 'string') return v.replaceAll('$', '$$$$');
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(escapeDollars);
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) if (val !== undefined) out[k] = escapeDollars(val);
  return out;
}
