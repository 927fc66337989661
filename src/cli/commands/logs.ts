import { existsSync } from 'node:fs';
import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { colorsFor, palette } from '../colors.js';
import { loadStack } from '../load-stack.js';
import { StackError } from '../../core/errors.js';
import { LogFollower, tailLines } from '../../run/log-tail.js';
import { runPaths, serviceLog } from '../../run/paths.js';
import { buildStack } from '../../plan/build.js';

export const spec = {
  usage: 'logs [SERVICE...] [-f] [-n N]',
  options: {
    follow: { type: 'boolean', short: 'f', default: false, description: 'keep printing new lines' },
    lines: { type: 'string', short: 'n', default: '100', value: 'N', description: 'lines of each log to print first' },
  },
  positionals: [{ name: 'SERVICE', description: 'services to show (default: all; `supervisor` for its own log)', complete: 'service', variadic: true }],
} as const satisfies CommandSpec;

/** `logs [service...] [-f] [-n N]`: the last lines of each service's log file, then follows them with -f. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('logs', args, spec);
  const n = Number(values.lines);
  if (!Number.isInteger(n) || n < 0) throw new StackError(`--lines: expected a whole number, got "${values.lines}"`);
  const { stack, projectDir } = await loadStack(ctx, { checkQueries: false });
  const paths = runPaths(projectDir);
  const known = [...buildStack(stack).plans.map((p) => p.name), 'supervisor'];
  const unknown = positionals.filter((p) => !known.includes(p));
  if (unknown.length) throw new StackError(`no service ${unknown.join(', ')}; services: ${known.join(', ')}`);
  const names = positionals.length ? positionals : known.filter((k) => k !== 'supervisor');
  const files = new Map(names.map((s) => [s, serviceLog(paths, s)]));
  if (![...files.values()].some((f) => existsSync(f))) {
    ctx.stderr(`no logs yet in ${paths.logs} (start the stack with grafana-stack up)\n`);
    return 1;
  }
  const c = palette(colorsFor(ctx.env, ctx.interactive));
  const w = Math.max(...names.map((s) => s.length));
  const print = (s: string, line: string) => ctx.stdout(names.length > 1 ? `${c.service(s, `${s.padEnd(w)} |`)} ${line}\n` : `${line}\n`);
  for (const [s, f] of files) for (const line of tailLines(f, n)) print(s, line);
  if (!values.follow) return 0;
  const follower = new LogFollower(files, print).start();
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  follower.stop();
  return 0;
}
