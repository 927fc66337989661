import { readLockCached } from './lock-cache.js';
import { locate } from '../artifacts/locate.js';
import { defaultStoreDir, type StoreEntry } from '../artifacts/store.js';
import type { Stack } from '../resolve/stack.js';
import { withRunningPorts } from '../run/running-stack.js';
import { clientEnvironment } from '../shell/environment.js';
import { writeToolbox, type Toolbox } from '../shell/toolbox.js';
import type { CommandContext } from './command.js';
import { loadStack } from './load-stack.js';

/**
 * What `shell` and `env` share: the stack, the toolbox of its binaries that are in the
 * store, and the client variables. Read-only as far as artifacts go: nothing is locked,
 * downloaded or built; what is missing is said on stderr with the command that gets it,
 * so that `eval "$(grafana-stack env)"` reads only the exports.
 */
export async function setUpShell(ctx: CommandContext): Promise<{ stack: Stack; toolbox: Toolbox; vars: [string, string][] }> {
  const { stack, projectDir } = await loadStack(ctx, { checkQueries: false });
  const lock = await readLockCached(projectDir, ctx.env);
  const store = defaultStoreDir(ctx.env);
  const entries = new Map<string, StoreEntry>();
  const absent: string[] = [];
  for (const [name, c] of Object.entries(stack.components)) {
    const entry = await locate(name, c.version, lock?.components[name], store, c.binary ? { binary: c.binary, projectDir } : {});
    if (entry) entries.set(name, entry);
    else absent.push(`${name} ${c.version}`);
  }
  if (absent.length) ctx.stderr(`grafana-stack: not in the store: ${absent.join(', ')} (\`grafana-stack fetch\` or \`grafana-stack up\` downloads them)\n`);
  const toolbox = await writeToolbox({ stack, projectDir, entries });
  for (const m of toolbox.missing) ctx.stderr(`grafana-stack: not on PATH: ${m}\n`);
  return { stack, toolbox, vars: clientEnvironment(await withRunningPorts(stack, projectDir)) };
}
