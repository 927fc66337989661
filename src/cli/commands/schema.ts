import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { stackJsonSchema } from '../../config/json-schema.js';
import { referenceMarkdown } from '../../config/reference-doc.js';
import { StackError } from '../../core/errors.js';

export const spec = {
  usage: 'schema [--format json|markdown]',
  options: {
    format: { type: 'string', default: 'json', value: 'FORMAT', complete: ['json', 'markdown'], description: 'the JSON Schema, or the reference of every key as Markdown (docs/reference.md)' },
  },
} as const satisfies CommandSpec;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('schema', args, spec);
  if (values.format === 'markdown') ctx.stdout(referenceMarkdown());
  else if (values.format === 'json') ctx.stdout(`${JSON.stringify(stackJsonSchema(), null, 2)}\n`);
  else throw new StackError(`--format: expected json or markdown, got "${values.format}"`);
  return 0;
}
