import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { sendOutputTo } from '../std-write.js';
import type { CommandSpec } from '../command-spec.js';
import { StackError } from '../../core/errors.js';
import { acquireLock } from '../../run/instance.js';
import { readManifest } from '../../run/manifest.js';
import { runPaths } from '../../run/paths.js';
import { StartFailure } from '../../run/service-process.js';
import { stopOnSignals } from '../../run/signals.js';
import type { RunState } from '../../run/state.js';
import { Supervisor } from '../../run/supervisor.js';

export const spec = {
  usage: 'supervise --project DIR',
  options: {
    project: { type: 'string', value: 'DIR', description: 'the project whose stack to supervise', hidden: true },
    'await-start': { type: 'boolean', default: false, description: 'wait for a line "go" on stdin before starting (up --detach starts the supervisor while it prepares)', hidden: true },
    'notify-fd': { type: 'string', value: 'FD', description: 'a pipe to write a line to after each state.json write, closed once started (up --detach waits on it)', hidden: true },
  },
} as const satisfies CommandSpec;

/**
 * The background supervisor `up --detach` starts (not for direct use): runs the prepared
 * manifest until SIGTERM (`down`). Its own output goes to logs/supervisor.log.
 */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('supervise', args, spec);
  let project = values.project;
  if (values['await-start']) {
    // Started by `up --detach` before it prepared the stack (before it even knew the project),
    // so that this process's own start overlaps with that work. Nothing is written until up
    // says go; if up fails instead, its end closes our stdin and we leave as quietly as we came.
    const go = await startSignal();
    if (!go) return 0;
    project ??= go.project;
    if (project) process.chdir(project);
  }
  if (!project) throw new StackError('supervise needs --project DIR');
  const paths = runPaths(project);
  if (values['await-start']) logTo(paths.supervisorLog);
  const manifest = await readManifest(paths.manifest);
  const release = await acquireLock(paths);
  const fd = Number(values['notify-fd']);
  const bell = Number.isInteger(fd) && fd > 2 ? doorbell(fd) : undefined;
  const supervisor = new Supervisor(manifest, paths, bell ? { onPersisted: bell } : {});
  const signals = stopOnSignals(supervisor);
  try {
    try {
      await supervisor.start();
    } catch (e) {
      if (!(e instanceof StartFailure) && !signals.requested) throw e;
      if (signals.requested) await signals.stopped;
      return 1;
    }
    await signals.stopped;
    ctx.stderr('stack stopped\n');
    return 0;
  } finally {
    signals.dispose();
    release();
  }
}

/**
 * The pipe `up --detach` waits on (file descriptor `fd`): a line after each state.json write,
 * so that up reads the state as soon as a service is ready instead of polling it; closed once
 * the start is over (ready or failed), and never written after up is gone (EPIPE is ignored).
 */
function doorbell(fd: number): (state: RunState) => void {
  let open = true;
  return (state) => {
    if (!open) return;
    try {
      writeSync(fd, `${state.phase}\n`);
    } catch {
      open = false;
    }
    if (open && state.phase !== 'starting') {
      open = false;
      try {
        closeSync(fd);
      } catch {
        // Not open: up was not listening.
      }
    }
  };
}

/**
 * Resolves on the line `go {"project": DIR}` on stdin (or a plain `go`), to what it says;
 * to undefined when stdin ends (or fails) without one.
 */
function startSignal(): Promise<{ project?: string } | undefined> {
  return new Promise((resolve) => {
    let text = '';
    const done = (go: { project?: string } | undefined) => {
      process.stdin.removeAllListeners();
      process.stdin.destroy();
      resolve(go);
    };
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (d: string) => {
      text += d;
      const nl = text.indexOf('\n');
      if (nl < 0) return;
      const line = text.slice(0, nl);
      if (line === 'go') return done({});
      if (!line.startsWith('go ')) return done(undefined);
      try {
        const { project } = JSON.parse(line.slice(3)) as { project?: unknown };
        done(typeof project === 'string' ? { project } : {});
      } catch {
        done(undefined);
      }
    });
    process.stdin.on('end', () => done(undefined));
    process.stdin.on('error', () => done(undefined));
  });
}

/**
 * From now on this process's output (and any error report) goes to the supervisor log: it was
 * started with no output of its own, since the log must not be created before up knows the
 * stack can start.
 */
function logTo(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  sendOutputTo(openSync(file, 'a', 0o640));
}
