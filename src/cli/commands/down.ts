import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { findProject } from '../find-project.js';
import { runningSupervisor, stopLeftovers } from '../../run/instance.js';
import { runPaths } from '../../run/paths.js';
import { signal, waitGone } from '../../run/proc.js';

export const spec = {
  usage: 'down [--timeout S]',
  options: { timeout: { type: 'string', default: '120', value: 'S', description: 'seconds to wait for a graceful stop before killing' } },
} as const satisfies CommandSpec;

/**
 * `down`: asks the supervisor to stop the stack (each service: SIGTERM, wait, SIGKILL) and
 * waits until it has. Services left by a supervisor that died are found and stopped too.
 * Data directories are kept.
 */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('down', args, spec);
  const { projectDir } = findProject(ctx);
  const paths = runPaths(projectDir);
  const log = (l: string) => ctx.stderr(`grafana-stack: ${l}\n`);
  const started = Date.now();
  const owner = runningSupervisor(paths);
  if (owner) {
    log(`stopping the stack (supervisor pid ${owner.pid})`);
    signal(owner, 'SIGTERM');
    if (!(await waitGone(owner, Number(values.timeout) * 1000))) {
      log(`the supervisor did not stop within ${values.timeout}s: killing it and stopping its services directly`);
      signal(owner, 'SIGKILL');
      await waitGone(owner, 5000);
    }
  }
  const leftovers = await stopLeftovers(paths, log);
  if (!owner && !leftovers.length) {
    ctx.stdout('nothing is running\n');
    return 0;
  }
  ctx.stdout(`stopped in ${((Date.now() - started) / 1000).toFixed(1)}s; data kept in ${paths.data}\n`);
  return 0;
}
