import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { locate } from '../artifacts/locate.js';
import { defaultStoreDir, type StoreEntry } from '../artifacts/store.js';
import type { Stack } from '../model/stack.js';
import { withRunningPorts } from '../run/running-stack.js';
import type { ExportSyntax } from '../shell/environment.js';
import type { Toolbox, ToolboxTool } from '../shell/toolbox.js';
import type { CommandContext } from './command.js';
import { loadStack } from './load-stack.js';
import { readLockCached } from './lock-cache.js';
import { codeIdentity, readCached, writeCached } from './stack-cache.js';

/**
 * What `shell` and `env` share: the stack, the toolbox of its binaries that are in the
 * store, and the client variables. Read-only as far as artifacts go: nothing is locked,
 * downloaded or built; what is missing is said on stderr with the command that gets it,
 * so that `eval "$(grafana-stack env)"` reads only the exports.
 *
 * `env` runs on every prompt or directory change of a shell that evaluates it, and the
 * toolbox and variables need every component's plan: they are remembered (see
 * stack-cache.ts) under a hash of the Stack, the store entries found, the running stack's
 * ports and the project, and the toolbox is written again only when what is on disk is not
 * exactly what they say.
 */
export async function setUpShell(
  ctx: CommandContext,
  opts: { exports?: ExportSyntax } = {},
): Promise<{ stack: Stack; toolbox: Toolbox; vars: [string, string][]; exports?: string }> {
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
  const running = await withRunningPorts(stack, projectDir);

  const code = codeIdentity();
  const key = code
    ? `shell-${createHash('sha256')
        .update(JSON.stringify([code, projectDir, stack, [...entries].map(([n, e]) => [n, e.dir, Object.keys(e.files)]), Object.values(running.components).map((c) => c.ports)]))
        .digest('hex')
        .slice(0, 40)}`
    : undefined;
  let memo = key ? (readCached(key, ctx.env) as ShellMemo | undefined) : undefined;
  let changed = false;
  if (!memo?.toolbox || !toolboxOnDisk(memo.toolbox)) {
    changed = true;
    const [{ writeToolbox }, { clientEnvironment }] = await Promise.all([import('../shell/toolbox.js'), import('../shell/environment.js')]);
    const toolbox = await writeToolbox({ stack, projectDir, entries });
    memo = { toolbox: { binDir: toolbox.binDir, tools: [...toolbox.tools], missing: [...toolbox.missing] }, vars: clientEnvironment(running), exports: {} };
  }
  for (const m of memo.toolbox.missing) ctx.stderr(`grafana-stack: not on PATH: ${m}\n`);
  let exports: string | undefined;
  if (opts.exports) {
    exports = memo.exports[opts.exports];
    if (exports === undefined) {
      const { exportLines } = await import('../shell/environment.js');
      exports = memo.exports[opts.exports] = exportLines(memo.vars, memo.toolbox.binDir, opts.exports).join('\n');
      changed = true;
    }
  }
  if (key && changed) writeCached(key, ctx.env, memo);
  return { stack, toolbox: memo.toolbox, vars: memo.vars, ...(exports !== undefined ? { exports } : {}) };
}

interface ShellMemo {
  toolbox: { binDir: string; tools: ToolboxTool[]; missing: string[] };
  vars: [string, string][];
  /** The `env` output, by syntax. */
  exports: Partial<Record<ExportSyntax, string>>;
}

/** Whether the toolbox directory holds exactly these tools: links to their targets, scripts with their text. */
function toolboxOnDisk(t: ShellMemo['toolbox']): boolean {
  try {
    const names = readdirSync(t.binDir).sort();
    if (names.join('\n') !== t.tools.map((x) => x.name).sort().join('\n')) return false;
    return t.tools.every((x) => (x.script === undefined ? readlinkSync(join(t.binDir, x.name)) === x.target : readFileSync(join(t.binDir, x.name), 'utf8') === x.script));
  } catch {
    return false;
  }
}
