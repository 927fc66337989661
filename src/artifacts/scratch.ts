import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pidAlive } from '../core/pid.js';

/**
 * Scratch space in the store (downloads in progress, archives being extracted, entries
 * being filled): named `.<kind>-<pid>-...` so that any later run can tell a live one from
 * what a killed process left, and removed when this process is interrupted.
 */
const live = new Set<string>();
let handlersInstalled = false;

/** Creates a scratch directory `.<kind>-<pid>-XXXXXX` in `dir`, removed on interruption until released. */
export async function scratchDir(dir: string, kind: string): Promise<string> {
  const path = await mkdtemp(join(dir, `.${kind}-${process.pid}-`));
  track(path);
  return path;
}

/** The name of a scratch file beside `file`: `<file>.part-<pid>`. */
export function scratchFile(file: string): string {
  const path = `${file}.part-${process.pid}`;
  track(path);
  return path;
}

/** Removes a scratch path (if it is still there) and stops tracking it. */
export async function release(path: string): Promise<void> {
  live.delete(path);
  await rm(path, { recursive: true, force: true });
}

/** Stops tracking a path that was renamed into place. */
export function keep(path: string): void {
  live.delete(path);
}

function track(path: string): void {
  live.add(path);
  if (handlersInstalled) return;
  handlersInstalled = true;
  // Ctrl-C or a TERM during a download: leave nothing half-written behind, then die of the
  // same signal as we would have without the handler.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      removeLive();
      process.kill(process.pid, signal);
    });
  }
  process.once('exit', removeLive);
}

function removeLive(): void {
  for (const p of live) rmSync(p, { recursive: true, force: true });
  live.clear();
}

/**
 * Removes what killed processes left in the store: scratch entries whose pid no longer
 * runs, and (from before pids were in the names) those untouched for an hour.
 */
export async function cleanStale(storeDir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of [storeDir, join(storeDir, '.downloads')]) {
    if (!existsSync(dir)) continue;
    for (const name of await readdir(dir)) {
      const m = /^\.(tmp|build|extract)-(\d+)-|\.part-(\d+)$/.exec(name) ?? /^\.(tmp|build|extract)-|\.part$/.exec(name);
      if (!m) continue;
      const path = join(dir, name);
      if (live.has(path)) continue;
      const pid = Number(m[2] ?? m[3]);
      const stale = pid ? !pidAlive(pid) : Date.now() - (await stat(path)).mtimeMs > 3600_000;
      if (!stale) continue;
      await rm(path, { recursive: true, force: true });
      removed.push(path);
    }
  }
  return removed;
}

/** For tests: the scratch entries present in a store (there should be none after a run). */
export function scratchEntries(storeDir: string): string[] {
  const out: string[] = [];
  for (const dir of [storeDir, join(storeDir, '.downloads')]) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) continue;
    for (const name of readdirSync(dir)) if (/^\.(tmp|build|extract)-|\.part(-\d+)?$/.test(name)) out.push(join(dir, name));
  }
  return out;
}
