import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** A file's hash, hex, streamed in 1 MiB reads (binaries are hundreds of MB). */
export function hashFile(path: string, algorithm: 'sha256' | 'sha512'): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash(algorithm);
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (d) => h.update(d))
      .on('error', reject)
      .on('end', () => resolve(h.digest('hex')));
  });
}

/** sha256 of a file, hex. */
export function sha256File(path: string): Promise<string> {
  return hashFile(path, 'sha256');
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
