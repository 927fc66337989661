import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { stackJsonSchema } from '../../config/json-schema.js';
import { referenceMarkdown } from '../../config/reference-doc.js';

export const spec = {
  usage: 'schema [--format json|markdown]',
  options: {
    format: { type: 'string', default: 'json', value: 'FORMAT', complete: ['json', 'markdown'], description: 'the JSON Schema, or the reference of every key as Markdown (docs/reference.md)' },
  },
} as const satisfies CommandSpec;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('schema', args, spec);
  ctx.stdout(values.format === 'markdown' ? referenceMarkdown() : `${JSON.stringify(stackJsonSchema(), null, 2)}\n`);
  return 0;
}
