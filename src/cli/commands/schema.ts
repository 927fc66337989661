import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { stackJsonSchema } from '../../config/json-schema.js';

export const spec = {
  usage: 'schema',
  options: {},
} as const satisfies CommandSpec;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  parseCommandArgs('schema', args, spec);
  ctx.stdout(`${JSON.stringify(stackJsonSchema(), null, 2)}\n`);
  return 0;
}
