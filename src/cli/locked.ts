import { readLock, type LockFile } from '../artifacts/lockfile.js';
import { StackError } from '../core/errors.js';
import { loadStack } from './load-stack.js';
import type { CommandContext } from './command.js';

/** The stack and its lock file, which must exist and match the stack's versions. */
export async function requireLocked(ctx: CommandContext): Promise<{ lock: LockFile; projectDir: string }> {
  const { stack, projectDir } = await loadStack(ctx);
  const lock = await readLock(projectDir);
  if (!lock) throw new StackError('no grafana-stack.lock.json: run `grafana-stack lock` first');
  const stale = Object.entries(lock.components)
    .filter(([n, c]) => stack.components[n] && stack.components[n]!.version !== c.version)
    .map(([n, c]) => ({ path: n, message: `the stack runs ${stack.components[n]!.version}, the lock pins ${c.version}` }));
  if (stale.length) throw new StackError('the lock file is out of date: run `grafana-stack lock --update`', stale);
  return { lock, projectDir };
}
