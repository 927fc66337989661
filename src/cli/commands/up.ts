import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { packageRoot } from '../../core/package-root.js';
import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { StackError } from '../../core/errors.js';
import type { RunPaths } from '../../run/paths.js';
import type { PreparedInputs, PreparedRun } from '../../run/prepared.js';
import { isRunning } from '../../run/proc.js';
import { readState, type RunState } from '../../run/state.js';

export const spec = {
  usage: 'up [--detach]',
  options: { detach: { type: 'boolean', short: 'd', default: false, description: 'return once every service is ready; the stack keeps running' } },
} as const satisfies CommandSpec;

/**
 * `up [--detach]`: prepares the stack (lock, binaries, configs, secrets, free ports), then
 * supervises it in the foreground with prefixed logs until Ctrl-C, or with --detach hands
 * it to a background supervisor and returns once every service is ready. A project whose
 * last preparation is still current (run/prepared.ts) is started as it is.
 */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('up', args, spec);
  // The background supervisor starts first, before this process loads anything more: its Node
  // start is the longest step before the services start, and it overlaps with the work below.
  // It waits for the word (and the project); if anything below fails, this process's end
  // closes its stdin and it leaves without a trace.
  const early = values.detach ? startSupervisor(ctx) : undefined;
  const [{ colorsFor, palette }, { findProject }, { upSummary }, { stackCacheKey }, { alreadyRunning, runningSupervisor, stopLeftovers }, { runPaths }, { assertPortsFree }, { currentPreparedRun }] =
    await Promise.all([
      import('../colors.js'),
      import('../find-project.js'),
      import('../run-summary.js'),
      import('../stack-cache.js'),
      import('../../run/instance.js'),
      import('../../run/paths.js'),
      import('../../run/ports.js'),
      import('../../run/prepared.js'),
    ]);
  const found = findProject(ctx);
  const inputs: PreparedInputs = { stackKey: stackCacheKey({ ...(found.file ? { file: found.file } : {}), env: ctx.env, sets: ctx.sets ?? [] }), projectDir: found.projectDir, env: ctx.env };
  const paths = runPaths(found.projectDir);
  const c = palette(colorsFor(ctx.env, ctx.interactive));
  const log = (l: string) => ctx.stderr(`${c.dim('grafana-stack:')} ${l}\n`);
  const current = currentPreparedRun(paths, inputs);
  for (const n of current?.notes ?? []) ctx.stderr(n);
  const owner = runningSupervisor(paths);
  if (owner) throw alreadyRunning(owner);
  await stopLeftovers(paths, log);
  let prepared: PreparedRun;
  if (current) {
    await assertPortsFree(current.manifest.services, current.bindAddress);
    for (const s of current.manifest.services) {
      await mkdir(s.cwd, { recursive: true, mode: 0o750 });
      for (const d of s.dataDirs) await mkdir(d, { recursive: true, mode: 0o750 });
    }
    prepared = current;
  } else {
    prepared = await prepareFully(ctx, paths, inputs, log);
  }
  const { manifest, login } = prepared;
  for (const o of manifest.omitted ?? []) log(`not started: ${o.reason}`);

  if (!values.detach) {
    const { superviseForeground } = await import('../foreground.js');
    const state = await superviseForeground(manifest, paths, ctx, c, (s) => ctx.stdout(upSummary(s, login, found.projectDir, ctx.cwd, c)));
    return state.phase === 'failed' ? 1 : 0;
  }

  mkdirSync(paths.logs, { recursive: true });
  const child = early!;
  child.stdin!.end(`go ${JSON.stringify({ project: found.projectDir })}\n`);
  const state = await waitForSupervisor(paths.state, child, (s) => log(s));
  if (state.phase !== 'ready') throw startError(state, paths.supervisorLog);
  ctx.stdout(upSummary(state, login, found.projectDir, ctx.cwd, c));
  return 0;
}

/**
 * The whole preparation: the definition loaded and resolved, the ports checked, then the
 * lock, binaries, configs and secrets (run/prepare.ts); recorded for the next `up`. Its
 * modules (schema, components, render) are loaded only here.
 */
async function prepareFully(ctx: CommandContext, paths: RunPaths, inputs: PreparedInputs, log: (l: string) => void): Promise<PreparedRun> {
  const [{ loadStack }, { buildStack }, { prepareRun }, { downloadProgress }, { grafanaLogin }, { assertPortsFree }, { forgetPreparedRun, recordPreparedRun }] = await Promise.all([
    import('../load-stack.js'),
    import('../../plan/build.js'),
    import('../../run/prepare.js'),
    import('../progress.js'),
    import('../run-summary.js'),
    import('../../run/ports.js'),
    import('../../run/prepared.js'),
  ]);
  const notes: string[] = [];
  const { stack, projectDir } = await loadStack({ ...ctx, stderr: (s) => (s.startsWith('note: ') && notes.push(s), ctx.stderr(s)) });
  // Its configs are about to be rewritten: until they are, no record may vouch for them.
  forgetPreparedRun(paths);
  // Before any download or build: a taken port should not cost minutes to find out.
  // Only the services this host runs: kube-state-metrics' ports are none of its business.
  const build = buildStack(stack);
  const plans = build.host.plans;
  await assertPortsFree(plans, stack.bindAddress);
  const manifest = await prepareRun({ build, projectDir, paths, env: ctx.env, log, progress: (name) => downloadProgress(ctx, name) });
  const login = grafanaLogin(stack);
  const secrets = plans.flatMap((p) => p.secrets.map((s) => s.source));
  const run: PreparedRun = { manifest, bindAddress: stack.bindAddress, ...(login ? { login } : {}), notes };
  recordPreparedRun(paths, inputs, {
    ...run,
    secretVariables: secrets.flatMap((s) => ('env' in s ? [s.env] : [])),
    secretFiles: secrets.flatMap((s) => ('file' in s ? [s.file] : [])),
  });
  return run;
}

/**
 * V8 flags of the background supervisor, which idles for days between a few probes. Its
 * probing of starting services (every few milliseconds) is hot enough for V8 to bring in its
 * optimizing compiler, whose code (about 4 MB of the node binary) then stays resident; the
 * interpreter is fast enough for this work. A young generation of 1 MB keeps the garbage of
 * those probes from growing the heap for good. Measured in bench/up.ts (idle RSS).
 */
const SUPERVISOR_NODE_FLAGS = ['--no-opt', '--max-semi-space-size=1'];

/** The background supervisor of `up --detach`, waiting for "go" and its project on stdin; without output until then (see supervise.ts). */
function startSupervisor(ctx: CommandContext): ChildProcess {
  const bin = join(packageRoot(), 'bin', 'grafana-stack.js');
  const child = spawn(process.execPath, [...SUPERVISOR_NODE_FLAGS, bin, 'supervise', '--await-start', '--notify-fd', '3'], {
    cwd: ctx.cwd,
    env: ctx.env,
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore', 'pipe'],
  });
  child.unref();
  // Neither the child nor the pipes to it may keep this process alive (until it waits on them).
  for (const pipe of [child.stdin, child.stdio[3]] as unknown as { unref?: () => void; on(e: string, f: () => void): void }[]) {
    pipe.unref?.();
    pipe.on('error', () => undefined);
  }
  return child;
}

/**
 * Reads state.json each time the supervisor says it wrote it (a line on its notify pipe),
 * until the stack is ready, failed or the supervisor is gone; reports readiness as it comes.
 * Once the pipe is closed (or if it fails), state.json is polled instead.
 */
async function waitForSupervisor(file: string, child: ChildProcess, report: (line: string) => void): Promise<RunState> {
  const pid = child.pid!;
  const bell = child.stdio[3] as (NodeJS.ReadableStream & { ref?: () => void; unref?: () => void }) | null;
  let rung: () => void = () => undefined;
  // A line that came while state.json was being read: read it again before waiting.
  let pending = false;
  let open = Boolean(bell);
  const ring = () => ((pending = true), rung());
  if (bell) {
    bell.ref?.();
    bell.on('data', ring);
    bell.on('end', () => ((open = false), ring()));
    bell.on('error', () => ((open = false), ring()));
  }
  const seen = new Set<string>();
  try {
    for (;;) {
      pending = false;
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
      // The next line on the pipe, or (a closed pipe, or a check that the supervisor lives) a short wait.
      if (pending) continue;
      await new Promise<void>((r) => {
        const timer = setTimeout(r, open ? 500 : 20);
        rung = () => (clearTimeout(timer), r());
      });
    }
  } finally {
    bell?.unref?.();
    bell?.removeAllListeners('data');
    (bell as { destroy?: () => void } | null)?.destroy?.();
  }
}

export function startError(state: RunState, supervisorLog: string): StackError {
  const e = state.error;
  const tail = e?.logTail?.length ? `\nlast lines of ${e.service}'s log:\n${e.logTail.map((l) => `  ${l}`).join('\n')}` : '';
  return new StackError(`${e?.message ?? 'the stack did not start'}${tail}\n(supervisor log: ${supervisorLog})`, [], 1);
}
