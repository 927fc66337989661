import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { StackError } from '../core/errors.js';
import type { RunPaths } from './paths.js';
import { identify, isRunning, stopProcess, type ProcessId } from './proc.js';
import { readState } from './state.js';

/** The running supervisor of this project, if any (by its lock file, checked against pid reuse). */
export function runningSupervisor(paths: RunPaths): ProcessId | undefined {
  try {
    const id = JSON.parse(readFileSync(paths.lock, 'utf8')) as ProcessId;
    return isRunning(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the project's supervisor lock (O_EXCL, so two `up`s cannot both win). A lock left
 * by a supervisor that died is taken over.
 */
export async function acquireLock(paths: RunPaths): Promise<() => void> {
  await mkdir(paths.run, { recursive: true });
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(paths.lock, 'wx', 0o644);
      writeSync(fd, JSON.stringify(identify(process.pid)));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(paths.lock);
        } catch {
          // Already gone.
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const owner = runningSupervisor(paths);
      if (owner) throw alreadyRunning(owner);
      try {
        unlinkSync(paths.lock);
      } catch {
        // Someone else removed it; try again.
      }
    }
  }
  throw new StackError(`cannot take the supervisor lock ${paths.lock}`);
}

export function alreadyRunning(owner: ProcessId): StackError {
  return new StackError(`the stack is already running (supervisor pid ${owner.pid}): see \`grafana-stack status\`, or stop it with \`grafana-stack down\``, [], 1);
}

/**
 * Services a dead supervisor left behind (it was SIGKILLed, or the machine's OOM killer
 * took it): found by the pids and start times in state.json and stopped gracefully. A pid
 * that now belongs to another process is left alone.
 */
export async function stopLeftovers(paths: RunPaths, log: (line: string) => void, graceMs = 15_000): Promise<string[]> {
  if (runningSupervisor(paths)) return [];
  const state = await readState(paths.state);
  if (!state) return [];
  const stopped: string[] = [];
  // Grafana first, then the rest: the reverse of the usual start order is good enough here.
  const services = Object.values(state.services).reverse();
  for (const s of services) {
    if (!s.process || !isRunning(s.process)) continue;
    log(`stopping ${s.name} (pid ${s.process.pid}), left running by a supervisor that is gone`);
    await stopProcess(s.process, graceMs);
    stopped.push(s.name);
  }
  return stopped;
}
