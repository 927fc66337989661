import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { delimiter } from 'node:path';
import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { setUpShell } from '../shell-setup.js';
import { StackError } from '../../core/errors.js';

export const spec = {
  usage: 'shell [-- COMMAND [ARG...]]',
  options: {},
  positionals: [{ name: 'COMMAND', description: 'run this instead of an interactive shell (after --)', complete: ['--'], variadic: true }],
  notes: [
    "PATH starts with .grafana-stack/shell/bin: every binary of the stack's store entries (promtool, logcli, tempo-cli, the servers) at the pinned versions, and grafana-cli.",
    'The stack\'s addresses are in GRAFANA_URL, PROMETHEUS_URL, LOKI_ADDR, TEMPO_URL, and the OpenTelemetry SDK variables (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT; OTEL_EXPORTER_OTLP_ENDPOINT when Alloy takes every signal). Example: grafana-stack shell -- logcli query \'{job="verify"}\'',
  ],
} as const satisfies CommandSpec;

/**
 * `shell [-- CMD...]`: the user's shell, or one command, with the stack's tools first on
 * PATH and its addresses in the environment. The exit code is the child's.
 */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const dash = args.indexOf('--');
  const own = dash < 0 ? args : args.slice(0, dash);
  const command = dash < 0 ? [] : args.slice(dash + 1);
  const { positionals } = parseCommandArgs('shell', own, spec);
  if (positionals.length) throw new StackError(`put the command after --: grafana-stack shell -- ${positionals.join(' ')}`);
  if (dash >= 0 && !command.length) throw new StackError('shell --: expected a command after --');
  const { stack, toolbox, vars } = await setUpShell(ctx);
  const env: NodeJS.ProcessEnv = { ...ctx.env, ...Object.fromEntries(vars), PATH: [toolbox.binDir, ctx.env.PATH].filter(Boolean).join(delimiter) };
  const [file, ...argv] = command.length ? command : [ctx.env.SHELL || '/bin/sh'];
  if (!command.length) {
    ctx.stderr(`grafana-stack shell for stack "${stack.name}" (exit to leave)\n`);
    ctx.stderr(`  tools: ${toolbox.tools.map((t) => t.name).join(', ')}\n`);
    for (const [k, v] of vars) ctx.stderr(`  ${k}=${v}\n`);
  }
  return runChild(file!, argv, env, ctx.cwd);
}

/** Runs the child on this terminal; Ctrl-C is the child's to handle, not ours. */
function runChild(file: string, argv: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ignore = () => {};
    process.on('SIGINT', ignore);
    const child = spawn(file, argv, { stdio: 'inherit', env, cwd });
    child.on('error', (e: NodeJS.ErrnoException) => {
      process.off('SIGINT', ignore);
      reject(e.code === 'ENOENT' ? new StackError(`${file}: command not found (neither on PATH nor among the stack's tools)`, [], 127) : e);
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', ignore);
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0));
    });
  });
}
