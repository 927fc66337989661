import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { loadStack } from '../load-stack.js';
import { downloadProgress } from '../progress.js';
import { StackError } from '../../core/errors.js';
import { composeDown, composePaths, composeUp } from '../../compose/project.js';
import { localUrl } from '../../resolve/addresses.js';

const ACTIONS = ['up', 'down'] as const;

export const spec = {
  usage: 'compose <up|down>',
  options: {},
  positionals: [{ name: 'ACTION', description: 'up: build, load and start with Compose; down: stop (volumes are kept)', complete: ACTIONS }],
} as const satisfies CommandSpec;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { positionals } = parseCommandArgs('compose', args, spec);
  const action = positionals[0];
  if (positionals.length !== 1 || (action !== 'up' && action !== 'down')) throw new StackError(`compose needs one action: ${ACTIONS.join(' or ')}`);
  const { stack, projectDir } = await loadStack(ctx);
  const { buildStack } = await import('../../plan/build.js');
  const o = {
    build: buildStack(stack),
    projectDir,
    env: ctx.env,
    log: (l: string) => ctx.stderr(`${l}\n`),
    output: (t: string) => ctx.stderr(t),
    progress: (c: string) => downloadProgress(ctx, c),
  };
  const started = Date.now();
  if (action === 'down') {
    await composeDown(o);
    ctx.stdout(`stopped the Compose project "${stack.name}"; its volumes (data) are kept\n`);
    return 0;
  }
  await composeUp(o);
  const took = ((Date.now() - started) / 1000).toFixed(1);
  const grafana = localUrl(stack, 'grafana', 'http', '/');
  ctx.stdout(`Compose project "${stack.name}" is healthy (${took} s): ${composePaths(projectDir).file}\n`);
  if (grafana) ctx.stdout(`Grafana: ${grafana} (user admin, password in .grafana-stack/secrets/grafana-admin-password)\n`);
  return 0;
}
