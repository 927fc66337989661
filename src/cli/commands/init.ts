import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { StackError } from '../../core/errors.js';
import { STARTER_CONFIG } from '../starter-config.js';

export const spec = {
  usage: 'init [--force]',
  options: { force: { type: 'boolean', default: false, description: 'overwrite an existing grafana-stack.config.ts' } },
} as const satisfies CommandSpec;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('init', args, spec);
  const file = join(ctx.cwd, 'grafana-stack.config.ts');
  if (existsSync(file) && !values.force) throw new StackError(`${file} already exists (use --force to overwrite it)`);
  await writeFile(file, STARTER_CONFIG, { flag: values.force ? 'w' : 'wx' });
  ctx.stdout(`wrote ${file}\nnext: grafana-stack check && grafana-stack render native --out out\n`);
  return 0;
}
