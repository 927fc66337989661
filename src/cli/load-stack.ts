import { dirname } from 'node:path';
import { loadConfig } from '../config/load.js';
import { StackError } from '../core/errors.js';
import type { Stack } from '../model/stack.js';
import type { CommandContext } from './command.js';
import { findProject } from './find-project.js';
import { readCachedStack, stackCacheKey, writeCachedStack, type ComponentCatalog } from './stack-cache.js';

export interface LoadStackOptions {
  /**
   * Syntax-check every query (loads the Lezer grammars). On for the commands that check or
   * deploy the definition; off for those that only read it (`which`, `env`, `open`).
   */
  readonly checkQueries?: boolean;
  /** Resolve from the definition even when a cached Stack of the same inputs exists (`check`). */
  readonly fresh?: boolean;
}

export { findProject };

/** load -> validate -> resolve, shared by every command that needs the Stack. */
export async function loadStack(
  ctx: CommandContext,
  opts: LoadStackOptions = {},
): Promise<{ stack: Stack; file?: string; projectDir: string; catalog: ComponentCatalog; cacheKey?: string }> {
  const { file, projectDir } = findProject(ctx);
  const checkQueries = opts.checkQueries !== false;
  const cacheInput = { ...(file ? { file } : {}), env: ctx.env, sets: ctx.sets ?? [] };
  const key = stackCacheKey(cacheInput);
  if (key && !opts.fresh) {
    const hit = readCachedStack(key, ctx.env);
    if (hit && (hit.queriesChecked || !checkQueries)) {
      for (const n of hit.notes) ctx.stderr(n);
      return { stack: hit.stack, ...(file ? { file } : {}), projectDir, catalog: hit.catalog, cacheKey: key };
    }
  }
  // The schema (zod), the components and the resolver are loaded only when the Stack is resolved.
  const [{ applyOverrides, envOverrides, parseSet }, { resolveStack }, { COMPONENT_LIST }] = await Promise.all([
    import('../config/overrides.js'),
    import('../resolve/resolve.js'),
    import('../components/registry.js'),
  ]);
  const notes: string[] = [];
  await checkVariables(ctx, (n) => {
    notes.push(n);
    ctx.stderr(n);
  });
  const timeout = Number(ctx.env.GRAFANA_STACK_CONFIG_TIMEOUT);
  const loaded = await loadConfig({ cwd: ctx.cwd, env: ctx.env, ...(ctx.configFile ? { file: ctx.configFile } : {}), ...(timeout > 0 ? { timeoutSeconds: timeout } : {}) });
  // defaults < file < GRAFANA_STACK_* < --set
  const overrides = [...envOverrides(ctx.env), ...(ctx.sets ?? []).map(parseSet)];
  const config = overrides.length ? applyOverrides(loaded.config, overrides) : loaded.config;
  const from = overrides.length ? ` with ${overrides.map((o) => o.origin).join(', ')}` : '';
  const source = `${loaded.file ?? 'the default stack'}${from}`;
  // A definition that is checked from scratch (`check`) parses every query; others skip the ones that parsed before.
  const known = checkQueries && !opts.fresh ? (await import('./known-queries.js')).knownQueries(ctx.env, loaded.file ?? ctx.cwd) : undefined;
  const stack = await resolveStack(config, { ...(loaded.file || from ? { source } : {}), checkQueries, ...(known ? { knownQueries: known } : {}) });
  known?.save();
  const catalog: ComponentCatalog = Object.fromEntries(
    COMPONENT_LIST.map((def) => [
      def.name,
      {
        binaries: def.artifact?.binaries ?? [],
        ports: Object.fromEntries(Object.entries(def.ports).map(([name, p]) => [name, { protocol: p.protocol, ...(p.expose ? { expose: true } : {}) }])),
      },
    ]),
  );
  // Kept only if the file did not change while it was loaded (its key would name other bytes).
  const kept = key !== undefined && stackCacheKey(cacheInput) === key;
  if (kept) writeCachedStack(key, ctx.env, { stack, queriesChecked: checkQueries, catalog, notes });
  return { stack, ...(loaded.file ? { file: loaded.file } : {}), projectDir: loaded.file ? dirname(loaded.file) : ctx.cwd, catalog, ...(kept ? { cacheKey: key } : {}) };
}

/**
 * A `GRAFANA_STACK_*` variable that names no setting: a misspelt setting is an error that
 * names the one meant; anything else is only mentioned (it may be another tool's).
 */
async function checkVariables(ctx: CommandContext, note: (line: string) => void): Promise<void> {
  const { unknownVariables } = await import('../config/overrides.js');
  const unknown = unknownVariables(ctx.env);
  const typos = unknown.filter((u) => u.meant);
  for (const u of unknown.filter((x) => !x.meant)) note(`note: ${u.name} names no setting of grafana-stack and is ignored\n`);
  if (typos.length) {
    throw new StackError(
      'unknown GRAFANA_STACK_ variable',
      typos.map((u) => ({ path: u.name, message: `names no setting: did you mean ${u.meant!.variable} (${u.meant!.path})?` })),
    );
  }
}
