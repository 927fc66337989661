import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { findConfigFile } from '../config/load.js';
import { StackError } from '../core/errors.js';
import type { CommandContext } from './command.js';

/**
 * The project a command acts on (the directory of the config file, else the working
 * directory), without loading the definition: for the commands that only look at the
 * running stack's own state (`status`, `down`), which also work while the definition is
 * being edited into something invalid. Apart from load-stack.ts, whose stack cache brings in
 * node:crypto, which `down` and `status` have no use for.
 */
export function findProject(ctx: CommandContext): { file?: string; projectDir: string } {
  const file = ctx.configFile ? resolve(ctx.cwd, ctx.configFile) : findConfigFile(ctx.cwd);
  if (file && !existsSync(file)) throw new StackError(`config file not found: ${file}`);
  return file ? { file, projectDir: dirname(file) } : { projectDir: ctx.cwd };
}
