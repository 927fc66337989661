import { parse } from 'yaml';
import { addPath, configPaths } from './key-tree.js';

/**
 * Reads Tempo's docs/sources/tempo/configuration/manifest.md: one ```yaml block under
 * "## Complete configuration" holding every option with its default, as Tempo marshals its
 * config (pkg/docsgen). Fields tagged `omitempty` with an empty default are absent from it;
 * those the generator needs are added from configuration/_index.md by the caller.
 */
export function parseTempoManifest(markdown: string): string[] {
  const start = markdown.indexOf('## Complete configuration');
  if (start < 0) throw new Error('manifest.md has no "## Complete configuration" section');
  const open = markdown.indexOf('```yaml', start);
  const close = markdown.indexOf('```', open + 7);
  const config = parse(markdown.slice(open + 7, close)) as unknown;
  const keys = new Set<string>();
  for (const p of configPaths(config)) addPath(keys, p);
  return [...keys].sort();
}
