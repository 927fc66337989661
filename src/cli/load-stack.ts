import { dirname } from 'node:path';
import { loadConfig } from '../config/load.js';
import { resolveStack } from '../resolve/resolve.js';
import type { Stack } from '../resolve/stack.js';
import type { CommandContext } from './command.js';

/** load -> validate -> resolve, shared by every command that needs the Stack. */
export async function loadStack(ctx: CommandContext): Promise<{ stack: Stack; file?: string; projectDir: string }> {
  const loaded = await loadConfig({ cwd: ctx.cwd, ...(ctx.configFile ? { file: ctx.configFile } : {}) });
  const stack = await resolveStack(loaded.config, loaded.file ? { source: loaded.file } : {});
  return { stack, ...(loaded.file ? { file: loaded.file } : {}), projectDir: loaded.file ? dirname(loaded.file) : ctx.cwd };
}
