import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { StackError } from '../core/errors.js';
import { issuesToProblems } from '../schema/issues.js';
import { PLATFORMS } from './platform.js';
import { sortKeys } from '../core/canonical-json.js';

export const LOCK_FILE = 'grafana-stack.lock.json';

/**
 * The lock file's schemas, built when a lock file is first read: zod builds a schema at a
 * cost, and the commands that start by building the stack read no lock when there is none.
 */
function buildLockSchemas() {
  const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected a hex sha256');
  const sha512 = z.string().regex(/^[0-9a-f]{128}$/, 'expected a hex sha512');
  /** One downloaded asset, pinned by the hash upstream publishes for it (sha256, or sha512 where that is all upstream gives: Caddy). */
  const assetSchema = z.strictObject({
    url: z.string().url(),
    sha256: sha256.optional(),
    sha512: sha512.optional(),
    binaries: z.record(z.string(), z.string()),
    assets: z.record(z.string(), z.string()).optional(),
    exclude: z.array(z.string().min(1)).optional(),
  });
  const oneHash = (a: { sha256?: string | undefined; sha512?: string | undefined }) => Boolean(a.sha256) !== Boolean(a.sha512);
  const releaseSchema = assetSchema
    .extend({ tools: z.array(assetSchema.refine(oneHash, 'expected exactly one of sha256 and sha512')).optional() })
    .refine(oneHash, 'expected exactly one of sha256 and sha512');
  const sourceSchema = z.strictObject({
    module: z.string().min(1),
    version: z.string().min(1),
    sum: z.string().regex(/^h1:[A-Za-z0-9+/]{43}=$/, 'expected a go.sum hash (h1:...)'),
    /** false: not in sum.golang.org, the hash was pinned on first download. */
    sumdb: z.literal(false).optional(),
    packages: z.record(z.string(), z.string()),
    ldflags: z.array(z.string()).optional(),
    tags: z.array(z.string()).optional(),
    cgo: z.boolean().optional(),
    modEdits: z.array(z.string().regex(/^-(dropreplace|replace|require|droprequire)=/, 'expected a go mod edit flag (-dropreplace=, -replace=, -require=, -droprequire=)')).optional(),
    files: z
      .array(z.strictObject({ path: z.string().regex(/^(?!\/)(?!.*\.\.)[\w./-]+$/, 'expected a relative path inside the module'), text: z.string(), compress: z.enum(['gzip', 'br']).optional() }))
      .optional(),
  });

  /** One component's pins: the release it is, and how to get its binaries. */
  const lockedComponentSchema = z.strictObject({
    version: z.string(),
    source: sourceSchema.optional(),
    release: z.partialRecord(z.enum(PLATFORMS), releaseSchema).optional(),
  });

  /** A component's official image: its upstream repository and tag, and the digest the tag pointed at. */
  const imagePinSchema = z.strictObject({
    ref: z.string().min(1),
    tag: z.string().min(1),
    digest: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'expected sha256:<64 hex digits>'),
  });

  const lockFileSchema = z.strictObject({
    lockfileVersion: z.literal(1),
    components: z.record(z.string(), lockedComponentSchema),
    /** Archives services read besides their binaries (Grafana plugins), pinned by sha256. */
    addons: z.record(z.string(), lockedComponentSchema).optional(),
    /** The official image of each component, pinned by digest (read from its registry by `lock`). */
    images: z.record(z.string(), imagePinSchema).optional(),
  });
  return { lockFileSchema, lockedComponentSchema, imagePinSchema, releaseSchema, assetSchema };
}

type LockSchemas = ReturnType<typeof buildLockSchemas>;
let schemas: LockSchemas | undefined;

export type LockFile = z.output<LockSchemas['lockFileSchema']>;
export type LockedComponent = z.output<LockSchemas['lockedComponentSchema']>;
/** A platform's pinned release: the server's asset and the tools published beside it. */
export type ReleasePin = z.output<LockSchemas['releaseSchema']>;
/** One pinned asset (an archive or a bare binary). */
export type AssetPin = z.output<LockSchemas['assetSchema']>;
export type LockedImage = z.output<LockSchemas['imagePinSchema']>;

export async function readLock(dir: string): Promise<LockFile | undefined> {
  const file = join(dir, LOCK_FILE);
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw new StackError(`cannot parse ${file}: ${(e as Error).message}`);
  }
  const parsed = (schemas ??= buildLockSchemas()).lockFileSchema.safeParse(data);
  if (!parsed.success) throw new StackError(`invalid lock file ${file}`, issuesToProblems(parsed.error.issues, data));
  return parsed.data;
}

/** Writes the lock with sorted keys (stable diffs in review), atomically. */
export async function writeLock(dir: string, lock: LockFile): Promise<string> {
  const file = join(dir, LOCK_FILE);
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, `${JSON.stringify(sortKeys(lock), null, 2)}\n`);
  await rename(tmp, file);
  return file;
}
