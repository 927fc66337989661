import type { CommandSpec } from './command-spec.js';

/** What every command gets: I/O and the global options, so tests can run commands in-process. */
export interface CommandContext {
  readonly cwd: string;
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly env: NodeJS.ProcessEnv;
  /** stderr is a terminal: progress may redraw one line instead of printing many. */
  readonly interactive?: boolean;
  configFile: string | undefined;
  /** Global `--set path=value` overrides, in the order given. */
  sets?: string[];
}

export interface CommandModule {
  /** What it accepts: parsed, printed by `--help`, and completed by the shells. */
  readonly spec: CommandSpec;
  run(args: string[], ctx: CommandContext): Promise<number>;
}
