/**
 * Whether a process with this pid exists (this one always does). EPERM means it exists
 * under another user. A pid alone can be reused: where that matters, compare the
 * process's start time too (run/proc.ts).
 */
export function pidAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
