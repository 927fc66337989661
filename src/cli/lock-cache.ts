import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LockFile } from '../artifacts/lockfile.js';
import { codeIdentity, readCached, writeCached } from './stack-cache.js';

/** The lock's file name (artifacts/lockfile.ts' LOCK_FILE, which a test keeps equal): importing it would load the lock's schema. */
export const LOCK_FILE_NAME = 'grafana-stack.lock.json';

/**
 * The project's lock, validated: read back from the cache when this build of the tool has
 * already validated these exact bytes (see stack-cache.ts), so that `which` and `env` need
 * not load the schema library to read it. An invalid lock is never cached: it fails here
 * as it does in readLock.
 */
export async function readLockCached(projectDir: string, env: NodeJS.ProcessEnv): Promise<LockFile | undefined> {
  const code = codeIdentity();
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(projectDir, LOCK_FILE_NAME));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // as readLock: no lock yet
    bytes = Buffer.alloc(0); // unreadable: readLock says why
  }
  const key = code && bytes.length ? `lock-${createHash('sha256').update(`${code}\n`).update(bytes).digest('hex').slice(0, 40)}` : undefined;
  const hit = key ? (readCached(key, env) as { lock?: LockFile } | undefined) : undefined;
  if (hit?.lock) return hit.lock;
  const { readLock } = await import('../artifacts/lockfile.js');
  const lock = await readLock(projectDir);
  if (key && lock) writeCached(key, env, { lock });
  return lock;
}
