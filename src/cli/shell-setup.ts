import { ensureArtifacts } from '../artifacts/ensure.js';
import type { Stack } from '../resolve/stack.js';
import { withRunningPorts } from '../run/running-stack.js';
import { clientEnvironment } from '../shell/environment.js';
import { writeToolbox, type Toolbox } from '../shell/toolbox.js';
import type { CommandContext } from './command.js';
import { loadStack } from './load-stack.js';
import { downloadProgress } from './progress.js';

/**
 * What `shell` and `env` share: the stack, its pinned binaries in the store (fetched when
 * missing, like `up` does), the toolbox directory and the client variables. Progress and
 * warnings go to stderr so that `eval "$(grafana-stack env)"` reads only the exports.
 */
export async function setUpShell(ctx: CommandContext): Promise<{ stack: Stack; toolbox: Toolbox; vars: [string, string][] }> {
  const { stack, projectDir } = await loadStack(ctx);
  const log = (l: string) => ctx.stderr(`grafana-stack: ${l}\n`);
  const { lock, entries } = await ensureArtifacts({ stack, projectDir, env: ctx.env, log, progress: (c) => downloadProgress(ctx, c) });
  const toolbox = await writeToolbox({ stack, projectDir, lock, entries });
  for (const m of toolbox.missing) log(`not on PATH: ${m}`);
  return { stack, toolbox, vars: clientEnvironment(await withRunningPorts(stack, projectDir)) };
}
