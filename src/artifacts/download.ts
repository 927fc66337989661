import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StackError } from '../core/errors.js';
import type { ChecksumAlgorithm } from '../components/artifact-spec.js';
import { hashFile } from './hash.js';
import { keep, release, scratchFile } from './scratch.js';
import { NotServed, openDownload, Unreachable } from './transport.js';

export interface DownloadOptions {
  /** Attempts before giving up (dropped connections and 5xx are retried). */
  readonly attempts?: number;
  /** Called as bytes arrive: (received, total or undefined). */
  readonly progress?: (received: number, total: number | undefined) => void;
  /** Base delay between attempts, doubled each time. */
  readonly backoffMs?: number;
}

/** The hash an asset is pinned by. */
export interface PinnedHash {
  readonly algorithm: ChecksumAlgorithm;
  readonly hex: string;
}

/**
 * Downloads `url` (http(s), or a mirror's file:) to `file` and checks its hash. A dropped
 * connection resumes with a Range request when the server allows it, else restarts. The
 * bytes go to `<file>.part-<pid>`, renamed into place only once the hash matches: a file
 * whose hash does not match is deleted and refused, never used, and an interrupted
 * download leaves nothing behind (see scratch.ts).
 */
export async function downloadVerified(url: string, file: string, want: PinnedHash, opts: DownloadOptions = {}): Promise<void> {
  const attempts = opts.attempts ?? 4;
  await mkdir(dirname(file), { recursive: true });
  if (existsSync(file) && (await hashFile(file, want.algorithm)) === want.hex) return;
  const part = scratchFile(file);
  try {
    let lastError: unknown;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      try {
        await fetchInto(url, part, opts.progress);
        const got = await hashFile(part, want.algorithm);
        if (got !== want.hex) {
          throw new StackError(`${url}: ${want.algorithm} ${got} does not match the pinned ${want.hex}: the download is corrupt or was tampered with; refusing to use it`, [], 3);
        }
        await rename(part, file);
        keep(part);
        return;
      } catch (e) {
        if (!retryable(e)) throw e;
        lastError = e;
        if (attempt < attempts) await new Promise((r) => setTimeout(r, (opts.backoffMs ?? 500) * 2 ** (attempt - 1)));
      }
    }
    throw lastError instanceof Unreachable ? lastError : new StackError(`${url}: download failed after ${attempts} attempts: ${(lastError as Error).message}`, [], 3);
  } finally {
    await release(part);
  }
}

/** Dropped connections and server errors are worth another try; a refusal, a bad hash or an unknown host are not. */
function retryable(e: unknown): boolean {
  if ((e as { isStackError?: boolean }).isStackError) return false;
  if (e instanceof NotServed) return typeof e.status === 'number' && e.status >= 500;
  if (e instanceof Unreachable) return !/ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ENETUNREACH/.test(e.reason);
  return true;
}

async function fetchInto(url: string, part: string, progress: DownloadOptions['progress']): Promise<void> {
  const have = existsSync(part) ? (await stat(part)).size : 0;
  const res = await openDownload(url, have);
  // 416: the partial file is already complete (or bogus): let the hash decide.
  if (res.status === 416) return;
  const resumed = res.status === 206 && have > 0;
  const total = res.length === undefined ? undefined : resumed ? have + res.length : res.length;
  let received = resumed ? have : 0;
  const out = createWriteStream(part, { flags: resumed ? 'a' : 'w' });
  try {
    for await (const chunk of res.body) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      received += chunk.length;
      progress?.(received, total);
    }
  } finally {
    await new Promise<void>((r, j) => out.end((err?: Error | null) => (err ? j(err) : r())));
  }
  if (total !== undefined && received < total) throw new Error(`connection closed after ${received} of ${total} bytes`);
}
