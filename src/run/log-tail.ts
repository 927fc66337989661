import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';

/** The last `n` lines of a file from byte `from` on (the current run's output). */
export function tailLines(file: string, n: number, from = 0): string[] {
  if (!existsSync(file)) return [];
  const size = statSync(file).size;
  const start = Math.max(from, size - 64 * 1024);
  const text = readRange(file, start, size);
  const lines = text.split('\n').filter((l) => l.length);
  return lines.slice(-n);
}

export function readRange(file: string, start: number, end: number): string {
  if (end <= start) return '';
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(end - start);
    const read = readSync(fd, buf, 0, buf.length, start);
    return buf.subarray(0, read).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/**
 * Follows log files like `tail -f` (polling: portable, and files are appended by processes
 * the follower does not own). Complete lines only; a partial line waits for its newline.
 */
export class LogFollower {
  private readonly offsets = new Map<string, number>();
  private readonly partial = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly files: ReadonlyMap<string, string>,
    private readonly onLine: (source: string, line: string) => void,
    fromEnd = true,
  ) {
    for (const [, file] of files) this.offsets.set(file, fromEnd && existsSync(file) ? statSync(file).size : 0);
  }

  start(intervalMs = 200): this {
    this.timer = setInterval(() => this.poll(), intervalMs);
    return this;
  }

  poll(): void {
    for (const [source, file] of this.files) {
      if (!existsSync(file)) continue;
      const size = statSync(file).size;
      let offset = this.offsets.get(file) ?? 0;
      if (size < offset) offset = 0; // truncated
      if (size === offset) continue;
      const text = (this.partial.get(file) ?? '') + readRange(file, offset, size);
      this.offsets.set(file, size);
      const lines = text.split('\n');
      this.partial.set(file, lines.pop() ?? '');
      for (const line of lines) this.onLine(source, line);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.poll();
  }
}
