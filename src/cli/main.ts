import { packageVersion } from '../core/package-root.js';
import type { CommandContext } from './command.js';
import { COMMANDS } from './commands.js';
import { parseGlobalOptions } from './global-options.js';
import { writeStderr, writeStdout } from './std-write.js';

/**
 * The `grafana-stack` entry point. It imports nothing heavy: each command is loaded on
 * demand, so `--version` and `--help` never load zod, yaml or the grammars (a test keeps
 * it that way).
 */
export async function main(argv: readonly string[], io: Partial<CommandContext> = {}): Promise<number> {
  // Run as the program (not in-process by a test): guard the process itself too.
  if (io.stdout || io.stderr) return runMain(argv, io);
  guardProcess();
  const code = await runMain(argv, io);
  exitWhenDone(code);
  return code;
}

async function runMain(argv: readonly string[], io: Partial<CommandContext>): Promise<number> {
  const ctx: CommandContext = {
    cwd: io.cwd ?? process.cwd(),
    stdout: io.stdout ?? writeStdout,
    stderr: io.stderr ?? writeStderr,
    env: io.env ?? process.env,
    // Asked only by the commands that colour or redraw: the first touch of process.stderr
    // builds its stream (see std-write.ts).
    get interactive() {
      return io.interactive ?? (io.stderr ? false : Boolean(process.stderr.isTTY));
    },
    configFile: undefined,
    sets: [],
  };
  const globals = parseGlobalOptions(argv);
  if (typeof globals === 'string') return usageError(ctx, globals);
  ctx.configFile = globals.configFile;
  ctx.sets!.push(...globals.sets);
  const args = globals.args;
  const name = args.shift();
  if (name === '--version' || name === '-v' || name === 'version') {
    ctx.stdout(`${version()}\n`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    ctx.stdout(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) return usageError(ctx, `unknown command "${name}"`);
  const mod = await command.load();
  const ownArgs = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  if (ownArgs.includes('--help') || ownArgs.includes('-h')) {
    const { commandHelp } = await import('./command-spec.js');
    ctx.stdout(commandHelp(name, command.summary, mod.spec));
    return 0;
  }
  try {
    return await mod.run(args, ctx);
  } catch (e) {
    return reportError(e, (s) => ctx.stderr(s), `grafana-stack ${name}`);
  }
}

/** Exit code of an internal error (BSD sysexits' EX_SOFTWARE). */
export const BUG_EXIT = 70;

/**
 * Says what went wrong and returns the exit code: a user's error (StackError) or a system
 * call's (a full disk, a read-only directory) as a plain message; anything else is a bug,
 * shown with its stack and a line that says so.
 */
export async function reportError(e: unknown, write: (s: string) => void, who: string): Promise<number> {
  const { isStackError } = await import('../core/errors.js');
  if (isStackError(e)) {
    write(`${who}: ${e.message}\n`);
    return e.exitCode;
  }
  const { fsErrorSentence, isSystemError } = await import('../core/fs-errors.js');
  if (isSystemError(e)) {
    write(`${who}: ${fsErrorSentence(e)}\n`);
    return 1;
  }
  write(`${who}: internal error: ${bugText(e)}\nthis is a bug in grafana-stack ${version()}: please report it with the lines above\n`);
  return BUG_EXIT;
}

function bugText(e: unknown): string {
  try {
    return e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
  } catch {
    return 'an error that cannot be shown';
  }
}

let guarded = false;

/**
 * The process-level guards of the real program: an error that escaped every handler is
 * reported as the bug it is, and a timer a user's config left running cannot keep it alive
 * once the command is done. (A closed pipe, `check | head -1`, ends it quietly as SIGPIPE
 * would, with exit 141: std-write.ts.)
 */
function guardProcess(): void {
  if (guarded) return;
  guarded = true;
  const fatal = (e: unknown) => {
    void reportError(e, (s) => {
      try {
        writeStderr(s);
      } catch {
        // stderr is gone too: the exit code has to say it.
      }
    }, 'grafana-stack').then((code) => process.exit(code));
  };
  process.on('uncaughtException', fatal);
  process.on('unhandledRejection', fatal);
}

/** Once the command is done, whatever a config left scheduled gets two seconds, then the process ends. */
function exitWhenDone(code: number): void {
  process.exitCode = code;
  setTimeout(() => process.exit(code), 2000).unref();
}

function usageError(ctx: CommandContext, message: string): number {
  ctx.stderr(`grafana-stack: ${message}\n\n${help()}`);
  return 2;
}

export function version(): string {
  return packageVersion();
}

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'Usage: grafana-stack [--config FILE] [--set path=value]... <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).filter(([, c]) => !c.hidden).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`),
    '',
    'Run `grafana-stack <command> --help` for its options.',
    'Without --config, the first grafana-stack.config.{ts,mts,js,mjs,yaml,yml,json} in the',
    'working directory is used; with none, the default stack (Grafana, Prometheus, Loki, Tempo).',
    '',
  ].join('\n');
}
