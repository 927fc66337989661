import type { Supervisor } from './supervisor.js';

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * The first SIGINT, SIGTERM or SIGHUP stops the supervisor's stack; later ones are ignored
 * on purpose (killing now would skip the graceful shutdown that keeps data consistent).
 * `stopped` resolves once the stack is down.
 */
export function stopOnSignals(supervisor: Supervisor, onSignal?: (signal: NodeJS.Signals) => void) {
  let requested = false;
  let markStopped!: () => void;
  const stopped = new Promise<void>((resolve) => (markStopped = resolve));
  const handler = (signal: NodeJS.Signals): void => {
    if (requested) return;
    requested = true;
    onSignal?.(signal);
    void supervisor.stop().then(markStopped, markStopped);
  };
  for (const s of SIGNALS) process.on(s, handler);
  return {
    get requested(): boolean {
      return requested;
    },
    stopped,
    dispose(): void {
      for (const s of SIGNALS) process.off(s, handler);
    },
  };
}
