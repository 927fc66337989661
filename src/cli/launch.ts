import { parseGlobalOptions } from './global-options.js';

declare const __WHOLE_COMMANDS__: readonly string[] | undefined;

/**
 * The commands that run from the whole CLI script (`whole` in commands.ts), written in by
 * scripts/bundle-cli.mjs: the bundle makes this module a file of its own, and importing the
 * command list would bundle every command into it. Empty in tsc's unbundled build.
 */
const WHOLE: ReadonlySet<string> = new Set(typeof __WHOLE_COMMANDS__ === 'undefined' ? [] : __WHOLE_COMMANDS__);

/**
 * The program's entry (bin/grafana-stack.js). A command that builds the whole stack from its
 * definition runs from the whole CLI script with V8's compiled code of it (cli/whole-cli.ts);
 * every other command, and every run where that script is not there, runs from the split
 * modules, which load only what the command needs. In the bundle this module is a file of
 * its own with the whole CLI's loader in it, evaluated only for render and check, and Node's
 * modules come from process.getBuiltinModule (scripts/bundle-cli.mjs): an ES module import
 * of each costs a facade module, and that path then loads no other ES module at all.
 */
export async function launch(argv: readonly string[]): Promise<number> {
  const globals = parseGlobalOptions(argv);
  const name = typeof globals === 'string' ? undefined : globals.args[0];
  if (name !== undefined && WHOLE.has(name)) {
    const { runWholeCli } = await import('./whole-cli.js');
    const code = await runWholeCli(argv);
    if (code !== undefined) return code;
  }
  const { main } = await import('./main.js');
  return main(argv);
}
