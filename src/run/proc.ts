import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { pidAlive } from '../core/pid.js';

/**
 * A process as the supervisor knows it: its pid and start time. The start time makes the
 * identity safe against pid reuse: a pid file left by a crashed supervisor is never used to
 * signal an unrelated process that got the same pid later.
 */
export interface ProcessId {
  readonly pid: number;
  /** Start time in clock ticks since boot (Linux), or undefined where /proc is absent. */
  readonly start?: number;
}

export function processStart(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces and parentheses).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]);
  } catch {
    return undefined;
  }
}

export function identify(pid: number): ProcessId {
  const start = processStart(pid);
  return start === undefined ? { pid } : { pid, start };
}

/** Whether the very process `id` names is still running (not a zombie, not a reused pid). */
export function isRunning(id: ProcessId): boolean {
  if (!pidAlive(id.pid)) return false;
  if (id.start === undefined) return true;
  if (processStart(id.pid) !== id.start) return false;
  try {
    const state = readFileSync(`/proc/${id.pid}/stat`, 'utf8');
    return state.slice(state.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

export function signal(id: ProcessId, sig: NodeJS.Signals): boolean {
  if (!isRunning(id)) return false;
  try {
    process.kill(id.pid, sig);
    return true;
  } catch {
    return false;
  }
}

/** Waits until the process is gone; true if it went within `ms`. */
export async function waitGone(id: ProcessId, ms: number): Promise<boolean> {
  const started = Date.now();
  const deadline = started + ms;
  // A look is a read of /proc/<pid>/stat, and a process asked to stop is often gone within
  // a few hundred milliseconds: look every 5 ms for the first two seconds, then every 50.
  while (Date.now() < deadline) {
    if (!isRunning(id)) return true;
    await new Promise((r) => setTimeout(r, Date.now() - started < 2000 ? 5 : 50));
  }
  return !isRunning(id);
}

/** Graceful stop: SIGTERM, wait, then SIGKILL. Resolves to how it ended. */
export async function stopProcess(id: ProcessId, graceMs: number): Promise<'stopped' | 'killed' | 'gone'> {
  if (!signal(id, 'SIGTERM')) return 'gone';
  if (await waitGone(id, graceMs)) return 'stopped';
  signal(id, 'SIGKILL');
  await waitGone(id, 5000);
  return 'killed';
}

/**
 * Who listens on a TCP port (Linux): the socket's inode from /proc/net/tcp{,6}, then the
 * process holding it. Undefined when it cannot be told (another user's process, no /proc).
 */
export function portOwner(port: number): { pid: number; command: string } | undefined {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN.
      if (f.length > 9 && f[3] === '0A' && parseInt(f[1]!.split(':')[1]!, 16) === port) inodes.add(f[9]!);
    }
  }
  if (!inodes.size) return undefined;
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return undefined;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m && inodes.has(m[1]!)) {
          const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
          return { pid: Number(pid), command: command.length > 120 ? `${command.slice(0, 117)}...` : command };
        }
      } catch {
        // The fd closed while we looked.
      }
    }
  }
  return undefined;
}
