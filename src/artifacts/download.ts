import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { StackError } from '../core/errors.js';
import { sha256File } from './hash.js';

export interface DownloadOptions {
  /** Attempts before giving up (network errors and 5xx are retried). */
  readonly attempts?: number;
  /** Called as bytes arrive: (received, total or undefined). */
  readonly progress?: (received: number, total: number | undefined) => void;
  /** Base delay between attempts, doubled each time. */
  readonly backoffMs?: number;
}

/**
 * Downloads `url` to `file` and checks its sha256. An interrupted download resumes with a
 * Range request when the server allows it, else restarts; a file whose hash does not match
 * is deleted and refused, never used.
 */
export async function downloadVerified(url: string, file: string, expectedSha256: string, opts: DownloadOptions = {}): Promise<void> {
  const attempts = opts.attempts ?? 4;
  const part = `${file}.part`;
  await mkdir(dirname(file), { recursive: true });
  if (existsSync(file) && (await sha256File(file)) === expectedSha256) return;
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      await fetchInto(url, part, opts.progress);
      const got = await sha256File(part);
      if (got !== expectedSha256) {
        await rm(part, { force: true });
        throw new StackError(`${url}: sha256 ${got} does not match the pinned ${expectedSha256}: the download is corrupt or was tampered with; refusing to use it`, [], 3);
      }
      await rename(part, file);
      return;
    } catch (e) {
      if ((e as { isStackError?: boolean }).isStackError) throw e;
      if ((e as { permanent?: boolean }).permanent) throw new StackError((e as Error).message, [], 3);
      lastError = e;
      if (attempt < attempts) await new Promise((r) => setTimeout(r, (opts.backoffMs ?? 500) * 2 ** (attempt - 1)));
    }
  }
  throw new StackError(`${url}: download failed after ${attempts} attempts: ${(lastError as Error).message}`, [], 3);
}

async function fetchInto(url: string, part: string, progress: DownloadOptions['progress']): Promise<void> {
  const have = existsSync(part) ? (await stat(part)).size : 0;
  const res = await fetch(url, { headers: have ? { Range: `bytes=${have}-` } : {}, redirect: 'follow' });
  if (res.status === 404 || res.status === 403 || res.status === 410) {
    throw Object.assign(new Error(`${url}: HTTP ${res.status}`), { permanent: true });
  }
  if (res.status === 416) {
    // The partial file is already complete (or bogus): let the hash decide.
    return;
  }
  if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
  const resumed = res.status === 206 && have > 0;
  const length = Number(res.headers.get('content-length')) || undefined;
  const total = length === undefined ? undefined : resumed ? have + length : length;
  let received = resumed ? have : 0;
  const out = createWriteStream(part, { flags: resumed ? 'a' : 'w' });
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      received += chunk.length;
      progress?.(received, total);
    }
  } finally {
    await new Promise<void>((r, j) => out.end((err?: Error | null) => (err ? j(err) : r())));
  }
  if (total !== undefined && received < total) throw new Error(`connection closed after ${received} of ${total} bytes`);
}
