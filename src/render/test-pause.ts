/**
 * Stops a render at a named moment (`GRAFANA_STACK_TEST_PAUSE_AT=between-renames`) so a test
 * can SIGKILL it exactly there and show that the next run recovers. It says where it
 * stopped on stderr and waits to be killed; unset (always, outside those tests), it does nothing.
 */
export async function pauseForTest(point: 'prepared' | 'between-renames' | 'swapped'): Promise<void> {
  if (process.env.GRAFANA_STACK_TEST_PAUSE_AT !== point) return;
  process.stderr.write(`paused at ${point} (pid ${process.pid})\n`);
  await new Promise<void>(() => {
    setInterval(() => undefined, 1 << 30);
  });
}
