import { writeSync } from 'node:fs';

/**
 * What the program writes to stdout and stderr, with write(2) on the descriptor.
 *
 * Why not process.stdout and process.stderr: the first touch of either builds a stream
 * (for a pipe, a socket; for a file, a synchronous write stream) and loads Node's stream
 * modules for it, about 5 ms of every command on a machine where `node -e 0` takes 120 ms,
 * to write one line. Writing to a pipe, a file or a terminal on Linux is synchronous
 * through those streams too, so the order of what is written does not change.
 *
 * A descriptor that was left non-blocking (by a parent that shares it) can refuse a write
 * with EAGAIN when the pipe is full: then that write and every later one to it goes through
 * the stream, which waits for the pipe, so nothing is lost or reordered. A closed pipe
 * (`check | head -1`) ends the program quietly, as SIGPIPE would (exit 141).
 */
export function stdWriter(fd: 1 | 2): (s: string) => void {
  let stream: NodeJS.WriteStream | undefined;
  return (s) => {
    if (log !== undefined) {
      toLog(log, s);
      return;
    }
    if (stream) {
      stream.write(s);
      return;
    }
    const bytes = Buffer.from(s);
    for (let at = 0; at < bytes.length; ) {
      try {
        at += writeSync(fd, bytes, at);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') process.exit(141);
        if (code !== 'EAGAIN') throw e;
        stream = fd === 1 ? process.stdout : process.stderr;
        endOnClosedPipe(stream);
        stream.write(bytes.subarray(at));
        return;
      }
    }
  };
}

/** The program's stdout and stderr (see {@link stdWriter}). */
export const writeStdout = stdWriter(1);
export const writeStderr = stdWriter(2);

/** A stream of the program's whose reader went away ends the program as SIGPIPE would. */
function endOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(141);
    throw e;
  });
}

let log: number | undefined;

/**
 * From now on everything the program writes to stdout or stderr, through these writers or
 * process.stdout and process.stderr, goes to the file open as `fd` (the detached
 * supervisor's log, which must not exist before up knows the stack can start). A write that
 * fails is dropped: a full disk must not take the stack down.
 */
export function sendOutputTo(fd: number): void {
  log = fd;
  for (const stream of [process.stdout, process.stderr]) {
    stream.write = ((chunk: string | Uint8Array, encoding?: unknown, cb?: unknown) => {
      toLog(fd, chunk);
      const callback = typeof encoding === 'function' ? encoding : cb;
      if (typeof callback === 'function') (callback as () => void)();
      return true;
    }) as typeof stream.write;
  }
}

function toLog(fd: number, chunk: string | Uint8Array): void {
  try {
    if (typeof chunk === 'string') writeSync(fd, chunk);
    else writeSync(fd, chunk);
  } catch {
    // A full disk must not take the stack down.
  }
}
