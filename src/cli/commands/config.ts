import { createHash } from 'node:crypto';
import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { loadStack } from '../load-stack.js';
import { readCached, writeCached } from '../stack-cache.js';
import { StackError } from '../../core/errors.js';
import type { Stack } from '../../model/stack.js';

export const spec = {
  usage: 'config [--component C] [--format json|yaml]',
  options: {
    component: { type: 'string', value: 'C', complete: 'component', description: 'print only this component' },
    format: { type: 'string', default: 'yaml', value: 'FORMAT', complete: ['json', 'yaml'], description: 'json or yaml' },
  },
} as const satisfies CommandSpec;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('config', args, spec);
  const { stack, cacheKey } = await loadStack(ctx);
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
    // The YAML of a kept Stack is kept with it: printing it need not load the YAML library.
    const key = cacheKey && `config-${createHash('sha256').update(JSON.stringify([cacheKey, values.component ?? null])).digest('hex').slice(0, 40)}`;
    let text = key ? (readCached(key, ctx.env) as { yaml?: string } | undefined)?.yaml : undefined;
    if (text === undefined) {
      const { toYaml } = await import('../../formats/yaml.js');
      text = toYaml(data);
      if (key) writeCached(key, ctx.env, { yaml: text });
    }
    ctx.stdout(text);
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
