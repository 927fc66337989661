import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { colorsFor, palette } from '../colors.js';
import { findProject, loadStack } from '../load-stack.js';
import { downloadProgress } from '../progress.js';
import { upSummary } from '../run-summary.js';
import { StackError } from '../../core/errors.js';
import { alreadyRunning, runningSupervisor, stopLeftovers } from '../../run/instance.js';
import { runPaths } from '../../run/paths.js';
import { assertPortsFree } from '../../run/ports.js';
import { buildStack } from '../../plan/build.js';
import { prepareRun } from '../../run/prepare.js';
import { isRunning } from '../../run/proc.js';
import { readState, type RunState } from '../../run/state.js';
import { superviseForeground } from '../foreground.js';

export const spec = {
  usage: 'up [--detach]',
  options: { detach: { type: 'boolean', short: 'd', default: false, description: 'return once every service is ready; the stack keeps running' } },
} as const satisfies CommandSpec;

/**
 * `up [--detach]`: prepares the stack (lock, binaries, configs, secrets, free ports), then
 * supervises it in the foreground with prefixed logs until Ctrl-C, or with --detach hands
 * it to a background supervisor and returns once every service is ready.
 */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('up', args, spec);
  // The background supervisor starts now, while this process prepares the stack (its Node
  // start overlaps with that work), and waits for the word; if anything below fails, this
  // process's end closes its stdin and it leaves without a trace.
  const early = values.detach ? startSupervisor(findProject(ctx).projectDir, ctx) : undefined;
  const { stack, projectDir } = await loadStack(ctx);
  const paths = runPaths(projectDir);
  const c = palette(colorsFor(ctx.env, ctx.interactive));
  const owner = runningSupervisor(paths);
  if (owner) throw alreadyRunning(owner);
  const log = (l: string) => ctx.stderr(`${c.dim('grafana-stack:')} ${l}\n`);
  await stopLeftovers(paths, log);
  // Before any download or build: a taken port should not cost minutes to find out.
  // Only the services this host runs: kube-state-metrics' ports are none of its business.
  const build = buildStack(stack);
  await assertPortsFree(build.host.plans, stack.bindAddress);
  const manifest = await prepareRun({ build, projectDir, paths, env: ctx.env, log, progress: (name) => downloadProgress(ctx, name) });
  for (const o of manifest.omitted ?? []) log(`not started: ${o.reason}`);

  if (!values.detach) {
    const state = await superviseForeground(manifest, paths, ctx, c, (s) => ctx.stdout(upSummary(s, stack, projectDir, ctx.cwd, c)));
    return state.phase === 'failed' ? 1 : 0;
  }

  mkdirSync(paths.logs, { recursive: true });
  const child = early!;
  child.stdin!.end('go\n');
  const state = await waitForSupervisor(paths.state, child.pid!, (s) => log(s));
  if (state.phase !== 'ready') throw startError(state, paths.supervisorLog);
  ctx.stdout(upSummary(state, stack, projectDir, ctx.cwd, c));
  return 0;
}

/** The background supervisor of `up --detach`, waiting for "go" on its stdin; without output until then (see supervise.ts). */
function startSupervisor(projectDir: string, ctx: CommandContext): ChildProcess {
  const bin = fileURLToPath(new URL('../../../bin/grafana-stack.js', import.meta.url));
  const child = spawn(process.execPath, [bin, 'supervise', '--project', projectDir, '--await-start'], {
    cwd: projectDir,
    env: ctx.env,
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.unref();
  // Neither the child nor the pipe to it may keep this process alive.
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  child.stdin!.on('error', () => undefined);
  return child;
}

/** Polls state.json until the background supervisor is ready, failed or gone; reports readiness as it comes. */
async function waitForSupervisor(file: string, pid: number, report: (line: string) => void): Promise<RunState> {
  const seen = new Set<string>();
  for (;;) {
    const state = await readState(file);
    if (state && state.supervisor.pid === pid) {
      for (const s of Object.values(state.services)) {
        if (s.phase === 'ready' && !seen.has(s.name)) {
          seen.add(s.name);
          report(`${s.name} ready after ${(s.readySeconds ?? 0).toFixed(1)}s`);
        }
      }
      if (state.phase === 'ready' || state.phase === 'failed' || state.phase === 'stopped') return state;
      if (!isRunning(state.supervisor)) return { ...state, phase: 'failed', error: state.error ?? { message: 'the supervisor exited unexpectedly' } };
    } else if (!isRunning({ pid })) {
      throw new StackError('the background supervisor exited before it started the stack', [], 1);
    }
    // A small file read: often enough that a ready stack is reported within a few milliseconds.
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function startError(state: RunState, supervisorLog: string): StackError {
  const e = state.error;
  const tail = e?.logTail?.length ? `\nlast lines of ${e.service}'s log:\n${e.logTail.map((l) => `  ${l}`).join('\n')}` : '';
  return new StackError(`${e?.message ?? 'the stack did not start'}${tail}\n(supervisor log: ${supervisorLog})`, [], 1);
}
