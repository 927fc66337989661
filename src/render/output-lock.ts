import { closeSync, openSync, readFileSync, renameSync, unlinkSync, writeSync, linkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { StackError } from '../core/errors.js';
import { pidAlive } from '../core/pid.js';

interface LockOwner {
  readonly pid: number;
  readonly since: string;
}

/**
 * Takes the lock of an output directory: `.DIR.lock` beside it, created exclusively, so
 * two renders into one directory cannot interleave their renames. A lock whose process is
 * gone (a render that was killed) is taken over; a live one fails clearly. Returns the
 * release function.
 */
export async function lockOutput(out: string): Promise<() => void> {
  const lock = join(dirname(out), `.${basename(out)}.lock`);
  const mine = JSON.stringify({ pid: process.pid, since: new Date().toISOString() } satisfies LockOwner);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(lock, 'wx', 0o644);
      try {
        writeSync(fd, mine);
      } finally {
        closeSync(fd);
      }
      return () => {
        try {
          if (readFileSync(lock, 'utf8') === mine) unlinkSync(lock);
        } catch {
          // Already gone.
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const text = read(lock);
    if (text === undefined) continue; // released meanwhile
    const owner = parse(text);
    if (owner && pidAlive(owner.pid)) {
      throw new StackError(`another grafana-stack (pid ${owner.pid}, since ${owner.since}) is writing ${out}; run again once it is done`, [], 1);
    }
    takeOver(lock, text);
  }
  throw new StackError(`cannot take the lock ${lock}: it keeps changing hands`, [], 1);
}

/**
 * Removes a dead owner's lock, and only that one: it is renamed aside first (only one
 * process can), and put back if it turns out to be a lock someone took meanwhile.
 */
function takeOver(lock: string, seen: string): void {
  const aside = `${lock}.stale-${process.pid}`;
  try {
    renameSync(lock, aside);
  } catch {
    return; // someone else moved it
  }
  if (read(aside) !== seen) {
    try {
      linkSync(aside, lock); // a live owner's: back (fails if yet another took the lock)
    } catch {
      // The place is taken: that owner holds the lock, and this one's file is lost to it.
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    // Already gone.
  }
}

function read(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function parse(text: string): LockOwner | undefined {
  try {
    const o = JSON.parse(text) as Partial<LockOwner>;
    return typeof o.pid === 'number' ? { pid: o.pid, since: String(o.since) } : undefined;
  } catch {
    return undefined; // torn write of a process killed while taking it: stale
  }
}
