import * as z from 'zod';
import { ref, type Value } from '../../model/refs.js';
import type { AddonRef } from '../../model/service-plan.js';

export const pluginSchema = z.strictObject({
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'expected a plugin id such as "grafana-clock-panel"')
    .describe('plugin id, as in its plugin.json'),
  version: z.string().regex(/^\d+\.\d+\.\d+([-+][\w.-]+)?$/, 'expected a version such as "2.1.8"').describe('plugin version, as in its plugin.json'),
  url: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe('where the plugin zip is (default: grafana.com\'s download of this id and version for linux-amd64)'),
  unsigned: z.boolean().default(false).describe('allow this plugin without a Grafana signature (your own builds); the lock pins its sha256 all the same'),
});

export type PluginSpec = z.output<typeof pluginSchema>;

/** Lock and store name of a plugin. */
export function pluginAddonName(id: string): string {
  return `grafana-plugin-${id}`;
}

/**
 * Each declared plugin as an addon of Grafana's service: pinned by sha256 in the lock
 * (after checking the zip's plugin.json names this id and version) and unpacked read-only.
 */
export function pluginAddons(plugins: readonly PluginSpec[]): AddonRef[] {
  return plugins.map((p) => ({
    name: pluginAddonName(p.id),
    version: p.version,
    url: p.url ?? `https://grafana.com/api/plugins/${p.id}/versions/${p.version}/download?os=linux&arch=amd64`,
    manifest: { file: 'plugin.json', fields: { id: p.id, 'info.version': p.version } },
  }));
}

/**
 * grafana.ini sections for the plugins: Grafana loads every `[plugin.<id>] path` as an
 * external plugin directory, so pinned plugins live apart from the writable plugins
 * directory (where `grafana-cli plugins install` still works) and need no copy at start.
 */
export function pluginIni(plugins: readonly PluginSpec[]): Record<string, Value> {
  const ini: Record<string, Value> = {};
  for (const p of plugins) ini[`plugin.${p.id}`] = { path: ref.addonDir(pluginAddonName(p.id)) };
  const unsigned = plugins.filter((p) => p.unsigned).map((p) => p.id);
  if (unsigned.length) ini.plugins = { allow_loading_unsigned_plugins: unsigned.join(',') };
  return ini;
}
