import type { CommandContext } from './command.js';

const MB = 1024 * 1024;

/**
 * Download progress on stderr. On a terminal one line is redrawn (a bar, percent, MB,
 * speed and time left, at most ten times a second); in a log (CI, pipes) a line per quarter, or per 50 MB
 * when the size is unknown, so logs stay short but show the download is alive.
 */
export function downloadProgress(ctx: Pick<CommandContext, 'stderr' | 'interactive'>, label: string, now: () => number = Date.now) {
  const started = now();
  let lastDraw = 0;
  let lastStep = -1;
  let drewLine = false;
  const report = (received: number, total: number | undefined): void => {
    const t = now();
    const speed = received / MB / Math.max((t - started) / 1000, 0.001);
    const size = total ? `${(received / MB).toFixed(1)}/${(total / MB).toFixed(1)} MB` : `${(received / MB).toFixed(1)} MB`;
    const eta = total && speed > 0 && received < total ? `, ${duration((total - received) / MB / speed)} left` : '';
    if (ctx.interactive) {
      if (t - lastDraw < 100 && received !== total) return;
      lastDraw = t;
      const pct = total ? received / total : 0;
      const bar = total ? `${'█'.repeat(Math.round(pct * 24)).padEnd(24, '░')} ${String(Math.floor(pct * 100)).padStart(3)}% ` : '';
      ctx.stderr(`\r${label} ${bar}${size} ${speed.toFixed(1)} MB/s${eta}\x1b[K`);
      drewLine = true;
      return;
    }
    const step = total ? Math.floor((received / total) * 4) : Math.floor(received / (50 * MB));
    if (step === lastStep) return;
    lastStep = step;
    ctx.stderr(`${label}: ${total ? `${step * 25}% ` : ''}${size} (${speed.toFixed(1)} MB/s${eta})\n`);
  };
  return Object.assign(report, {
    /** Ends the redrawn line so later output starts on a fresh one. */
    done(): void {
      if (drewLine) ctx.stderr('\n');
      drewLine = false;
    },
  });
}

/** `42s`, `3m05s`: a remaining time, rounded up to the second. */
function duration(seconds: number): string {
  const s = Math.ceil(seconds);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}
