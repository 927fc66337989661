import type { CommandContext } from './command.js';
import type { Palette } from './colors.js';
import { acquireLock } from '../run/instance.js';
import { LogFollower } from '../run/log-tail.js';
import type { Manifest } from '../run/manifest.js';
import { serviceLog, type RunPaths } from '../run/paths.js';
import { StartFailure } from '../run/service-process.js';
import type { RunState } from '../run/state.js';
import { stopOnSignals } from '../run/signals.js';
import { Supervisor } from '../run/supervisor.js';

/**
 * Supervises the stack in this process: every service's log lines on stdout, prefixed and
 * colored; Ctrl-C (or SIGTERM/SIGHUP) stops the services in order (see stopOnSignals).
 */
export async function superviseForeground(manifest: Manifest, paths: RunPaths, ctx: CommandContext, c: Palette, onReady: (s: RunState) => void): Promise<RunState> {
  const release = await acquireLock(paths);
  const width = Math.max(...manifest.services.map((s) => s.name.length), 'supervisor'.length);
  const prefix = (name: string) => c.service(name, `${name.padEnd(width)} |`);
  const follower = new LogFollower(new Map(manifest.services.map((s) => [s.name, serviceLog(paths, s.name)])), (name, line) => ctx.stdout(`${prefix(name)} ${line}\n`)).start();
  const supervisor = new Supervisor(manifest, paths, { onEvent: (s, m) => ctx.stdout(`${c.bold(prefix('supervisor'))} ${s === 'supervisor' ? '' : `${s}: `}${m}\n`) });
  const signals = stopOnSignals(supervisor, (sig) => ctx.stdout(`${c.bold(prefix('supervisor'))} ${sig}: stopping the stack\n`));
  try {
    try {
      await supervisor.start();
    } catch (e) {
      if (!(e instanceof StartFailure) && !signals.requested) throw e;
    }
    const state = supervisor.state();
    if (state.phase === 'ready') onReady(state);
    // A failed start has already stopped everything; otherwise wait for the signal's stop.
    if (state.phase === 'ready' || signals.requested) await signals.stopped;
    follower.stop();
    const final = supervisor.state();
    if (final.error) {
      ctx.stderr(`${c.red('grafana-stack up:')} ${final.error.message}\n`);
      if (final.error.logTail?.length) ctx.stderr(`last lines of ${final.error.service}'s log:\n${final.error.logTail.map((l) => `  ${l}`).join('\n')}\n`);
    }
    return final;
  } finally {
    follower.stop();
    signals.dispose();
    release();
  }
}
