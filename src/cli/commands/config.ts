import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { loadStack } from '../load-stack.js';
import { StackError } from '../../core/errors.js';
import type { Stack } from '../../resolve/stack.js';

export const spec = {
  usage: 'config [--component C] [--format json|yaml]',
  options: {
    component: { type: 'string', value: 'C', complete: 'component', description: 'print only this component' },
    format: { type: 'string', default: 'yaml', value: 'FORMAT', complete: ['json', 'yaml'], description: 'json or yaml' },
  },
} as const satisfies CommandSpec;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('config', args, spec);
  const { stack } = await loadStack(ctx);
  let data: unknown = printable(stack);
  if (values.component) {
    const c = stack.components[values.component];
    if (!c) {
      throw new StackError(`--component: "${values.component}" is not enabled; enabled: ${Object.keys(stack.components).join(', ')}`);
    }
    data = c;
  }
  if (values.format === 'json') ctx.stdout(`${JSON.stringify(data, null, 2)}\n`);
  else {
    const { toYaml } = await import('../../formats/yaml.js');
    ctx.stdout(toYaml(data));
  }
  return 0;
}

/** The Stack as data: dashboards summarised (their JSON is long), secrets by source only. */
export function printable(stack: Stack): unknown {
  return {
    ...stack,
    dashboards: stack.dashboards.map((d) => ({ uid: d.uid, title: d.title, folder: d.folder })),
  };
}
