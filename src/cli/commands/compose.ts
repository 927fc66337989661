import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { loadStack } from '../load-stack.js';
import { downloadProgress } from '../progress.js';
import { StackError } from '../../core/errors.js';
import { composeDown, composePaths, composeUp } from '../../compose/project.js';
import { planStack } from '../../plan/plan.js';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { positionals } = parseCommandArgs('compose', args, {}, true);
  const action = positionals[0];
  if (positionals.length !== 1 || (action !== 'up' && action !== 'down')) throw new StackError('compose needs one action: up or down');
  const { stack, projectDir } = await loadStack(ctx);
  const o = {
    stack,
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
  const grafana = planStack(stack).find((p) => p.component === 'grafana');
  const port = grafana?.ports.find((p) => p.name === 'http')?.port;
  ctx.stdout(`Compose project "${stack.name}" is healthy (${took} s): ${composePaths(projectDir).file}\n`);
  if (port) ctx.stdout(`Grafana: http://${stack.bindAddress === '0.0.0.0' ? '127.0.0.1' : stack.bindAddress}:${port}/ (user admin, password in .grafana-stack/secrets/grafana-admin-password)\n`);
  return 0;
}
