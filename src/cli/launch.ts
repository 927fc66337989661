import { parseGlobalOptions } from './global-options.js';
import { runWholeCli } from './whole-cli.js';

declare const __WHOLE_COMMANDS__: readonly string[] | undefined;

/**
 * The commands that run from the whole CLI script (`whole` in commands.ts), written in by
 * scripts/bundle-cli.mjs: this module is the bundle's CommonJS launcher, and importing the
 * command list would bundle every command into it. Empty in tsc's unbundled build.
 */
const WHOLE: ReadonlySet<string> = new Set(typeof __WHOLE_COMMANDS__ === 'undefined' ? [] : __WHOLE_COMMANDS__);

/**
 * The program's entry (bin/grafana-stack.js). A command that builds the whole stack from its
 * definition runs from the whole CLI script with V8's compiled code of it (cli/whole-cli.ts);
 * every other command, and every run where that script is not there, runs from the split
 * modules, which load only what the command needs. The bundle builds this module as
 * CommonJS (dist/bundle/launch.cjs), so that the first path starts no other module at all.
 */
export async function launch(argv: readonly string[]): Promise<number> {
  const globals = parseGlobalOptions(argv);
  const name = typeof globals === 'string' ? undefined : globals.args[0];
  if (name !== undefined && WHOLE.has(name)) {
    const code = await runWholeCli(argv);
    if (code !== undefined) return code;
  }
  const { main } = await import('./main.js');
  return main(argv);
}
