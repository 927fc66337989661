import { dirname } from 'node:path';
import { loadConfig } from '../config/load.js';
import { applyOverrides, envOverrides, parseSet } from '../config/overrides.js';
import { resolveStack } from '../resolve/resolve.js';
import type { Stack } from '../resolve/stack.js';
import type { CommandContext } from './command.js';

/** load -> validate -> resolve, shared by every command that needs the Stack. */
export async function loadStack(ctx: CommandContext): Promise<{ stack: Stack; file?: string; projectDir: string }> {
  const loaded = await loadConfig({ cwd: ctx.cwd, ...(ctx.configFile ? { file: ctx.configFile } : {}) });
  // defaults < file < GRAFANA_STACK_* < --set
  const overrides = [...envOverrides(ctx.env), ...(ctx.sets ?? []).map(parseSet)];
  const config = overrides.length ? applyOverrides(loaded.config, overrides) : loaded.config;
  const from = overrides.length ? ` with ${overrides.map((o) => o.origin).join(', ')}` : '';
  const source = `${loaded.file ?? 'the default stack'}${from}`;
  const stack = await resolveStack(config, loaded.file || from ? { source } : {});
  return { stack, ...(loaded.file ? { file: loaded.file } : {}), projectDir: loaded.file ? dirname(loaded.file) : ctx.cwd };
}
