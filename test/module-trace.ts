import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, cli, ROOT, tempProject, type CliResult } from './helpers.js';

/**
 * The CLI run with every module it loads listed: each ES module as it loads (a loader
 * hook), and the CommonJS ones from the require cache at exit. For the tests that hold
 * what a command loads; speed itself is measured by `npm run bench`, never asserted.
 *
 * `via` says which build runs: tsc's unbundled one (the default), where each module is a
 * file that names it; the bundle's split modules (`split`), whose chunks split where those
 * modules' dynamic imports are, so what holds for one holds for the other; or the program
 * as users run it (`bin`), which runs render and check from the whole CLI script instead
 * (cli/launch.ts): a script run by vm, which no loader lists.
 */
let hook: string | undefined;
const launchers = new Map<string, string>();

/** A launcher of one entry's main(), as bin/grafana-stack.js launches the program. */
function launcherOf(entry: string): string {
  let file = launchers.get(entry);
  if (!file) {
    file = join(tempProject(), 'launch.mjs');
    writeFileSync(file, `import { main } from ${JSON.stringify(join(ROOT, entry))};\nprocess.exitCode = await main(process.argv.slice(2));\n`);
    launchers.set(entry, file);
  }
  return file;
}

/** A launcher of the bundle's split modules alone (every command from them). */
export const splitBin = (): string => launcherOf('dist/bundle/main.js');

function traceHook(): string {
  if (hook) return hook;
  hook = join(tempProject(), 'trace.mjs');
  writeFileSync(
    hook,
    `import { register } from 'node:module';
import Module from 'node:module';
import { appendFileSync } from 'node:fs';
register('data:text/javascript,' + encodeURIComponent('import { appendFileSync } from "node:fs"; export async function load(u, c, next) { if (process.env.GS_TRACE) appendFileSync(process.env.GS_TRACE, u + "\\\\n"); return next(u, c); }'));
process.on('exit', () => { if (process.env.GS_TRACE) appendFileSync(process.env.GS_TRACE, Object.keys(Module._cache).map((f) => 'file://' + f).join('\\n') + '\\n'); });
`,
  );
  return hook;
}

export interface TracedRun extends CliResult {
  /**
   * Every module loaded, once each, without the hook itself. For the bundle, each chunk is
   * given as the sources it holds (`/dist/...`, `/node_modules/...`), which esbuild names
   * in a `// path` line each.
   */
  readonly modules: readonly string[];
  /** How many of the bundle's chunks were read (0 for tsc's build). */
  readonly chunks: number;
}

export function tracedCli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; via?: 'tsc' | 'split' | 'bin' }): TracedRun {
  const h = traceHook();
  const log = join(tempProject(), 'modules.txt');
  writeFileSync(log, '');
  const bin = opts.via === 'bin' ? BIN : opts.via === 'split' ? splitBin() : launcherOf('dist/cli/main.js');
  const r = cli(args, { cwd: opts.cwd, bin, env: { ...opts.env, GS_TRACE: log, NODE_OPTIONS: `--import ${h}` } });
  const loaded = [...new Set(readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('file:')))].filter((m) => m !== `file://${h}` && m !== `file://${bin}`);
  const chunks = loaded.filter((m) => m.includes('/dist/bundle/') && m.endsWith('.js'));
  const sources = chunks.flatMap((m) => (readFileSync(fileURLToPath(m), 'utf8').match(/^\/\/ (?:dist|node_modules)\/\S+$/gm) ?? []).map((l) => `/${l.slice(3)}`));
  return { ...r, modules: [...loaded.filter((m) => !chunks.includes(m)), ...sources], chunks: chunks.length };
}
