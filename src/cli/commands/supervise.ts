import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { StackError } from '../../core/errors.js';
import { acquireLock } from '../../run/instance.js';
import { readManifest } from '../../run/manifest.js';
import { runPaths } from '../../run/paths.js';
import { StartFailure } from '../../run/service-process.js';
import { stopOnSignals } from '../../run/signals.js';
import { Supervisor } from '../../run/supervisor.js';

export const spec = {
  usage: 'supervise --project DIR',
  options: { project: { type: 'string', value: 'DIR', description: 'the project whose stack to supervise', hidden: true } },
} as const satisfies CommandSpec;

/**
 * The background supervisor `up --detach` starts (not for direct use): runs the prepared
 * manifest until SIGTERM (`down`). Its own output goes to logs/supervisor.log.
 */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('supervise', args, spec);
  if (!values.project) throw new StackError('supervise needs --project DIR');
  const paths = runPaths(values.project);
  const manifest = await readManifest(paths.manifest);
  const release = await acquireLock(paths);
  const supervisor = new Supervisor(manifest, paths);
  const signals = stopOnSignals(supervisor);
  try {
    try {
      await supervisor.start();
    } catch (e) {
      if (!(e instanceof StartFailure) && !signals.requested) throw e;
      if (signals.requested) await signals.stopped;
      return 1;
    }
    await signals.stopped;
    ctx.stderr('stack stopped\n');
    return 0;
  } finally {
    signals.dispose();
    release();
  }
}
