import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { StackError } from '../../core/errors.js';
import { STARTER_CONFIG } from '../starter-config.js';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('init', args, { force: { type: 'boolean', default: false } });
  const file = join(ctx.cwd, 'grafana-stack.config.ts');
  if (existsSync(file) && !values.force) throw new StackError(`${file} already exists (use --force to overwrite it)`);
  await writeFile(file, STARTER_CONFIG, { flag: values.force ? 'w' : 'wx' });
  ctx.stdout(`wrote ${file}\nnext: grafana-stack check && grafana-stack render native --out out\n`);
  return 0;
}
