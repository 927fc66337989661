import { dirname } from 'node:path';
import { loadConfig } from '../config/load.js';
import { applyOverrides, envOverrides, parseSet, unknownVariables } from '../config/overrides.js';
import { StackError } from '../core/errors.js';
import { resolveStack } from '../resolve/resolve.js';
import type { Stack } from '../resolve/stack.js';
import type { CommandContext } from './command.js';

/** load -> validate -> resolve, shared by every command that needs the Stack. */
export async function loadStack(ctx: CommandContext): Promise<{ stack: Stack; file?: string; projectDir: string }> {
  checkVariables(ctx);
  const timeout = Number(ctx.env.GRAFANA_STACK_CONFIG_TIMEOUT);
  const loaded = await loadConfig({ cwd: ctx.cwd, ...(ctx.configFile ? { file: ctx.configFile } : {}), ...(timeout > 0 ? { timeoutSeconds: timeout } : {}) });
  // defaults < file < GRAFANA_STACK_* < --set
  const overrides = [...envOverrides(ctx.env), ...(ctx.sets ?? []).map(parseSet)];
  const config = overrides.length ? applyOverrides(loaded.config, overrides) : loaded.config;
  const from = overrides.length ? ` with ${overrides.map((o) => o.origin).join(', ')}` : '';
  const source = `${loaded.file ?? 'the default stack'}${from}`;
  const stack = await resolveStack(config, loaded.file || from ? { source } : {});
  return { stack, ...(loaded.file ? { file: loaded.file } : {}), projectDir: loaded.file ? dirname(loaded.file) : ctx.cwd };
}

/**
 * A `GRAFANA_STACK_*` variable that names no setting: a misspelt setting is an error that
 * names the one meant; anything else is only mentioned (it may be another tool's).
 */
function checkVariables(ctx: CommandContext): void {
  const unknown = unknownVariables(ctx.env);
  const typos = unknown.filter((u) => u.meant);
  for (const u of unknown.filter((x) => !x.meant)) ctx.stderr(`note: ${u.name} names no setting of grafana-stack and is ignored\n`);
  if (typos.length) {
    throw new StackError(
      'unknown GRAFANA_STACK_ variable',
      typos.map((u) => ({ path: u.name, message: `names no setting: did you mean ${u.meant!.variable} (${u.meant!.path})?` })),
    );
  }
}
