import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { stackJsonSchema } from '../../config/json-schema.js';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  parseCommandArgs('schema', args, {});
  ctx.stdout(`${JSON.stringify(stackJsonSchema(), null, 2)}\n`);
  return 0;
}
