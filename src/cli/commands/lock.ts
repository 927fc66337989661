import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { loadStack } from '../load-stack.js';
import { readLock, writeLock } from '../../artifacts/lockfile.js';
import { lockStack } from '../../artifacts/artifacts.js';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('lock', args, { update: { type: 'boolean', default: false } });
  const { stack, projectDir } = await loadStack(ctx);
  const existing = await readLock(projectDir);
  const lock = await lockStack(stack, existing, { update: values.update, log: (l) => ctx.stderr(`${l}\n`) });
  const file = await writeLock(projectDir, lock);
  ctx.stdout(`wrote ${file}: ${Object.entries(lock.components).map(([n, c]) => `${n} ${c.version}`).join(', ')}\n`);
  return 0;
}
