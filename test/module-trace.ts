import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempProject, type CliResult } from './helpers.js';

/**
 * The CLI run with every module it loads listed: each ES module as it loads (a loader
 * hook), and the CommonJS ones from the require cache at exit. For the tests that hold
 * what a command loads; speed itself is measured by `npm run bench`, never asserted.
 */
let hook: string | undefined;

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
  /** Every module loaded, once each, without the hook itself. */
  readonly modules: readonly string[];
}

export function tracedCli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): TracedRun {
  const h = traceHook();
  const log = join(tempProject(), 'modules.txt');
  writeFileSync(log, '');
  const r = cli(args, { cwd: opts.cwd, env: { ...opts.env, GS_TRACE: log, NODE_OPTIONS: `--import ${h}` } });
  const modules = [...new Set(readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('file:')))].filter((m) => m !== `file://${h}`);
  return { ...r, modules };
}
