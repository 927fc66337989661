import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { StackError } from '../core/errors.js';
import { sha256, sha256File } from './hash.js';
import { canonicalJson } from '../core/canonical-json.js';
import { cacheRoot } from '../core/cache-root.js';
import { keep, release, scratchDir } from './scratch.js';

/**
 * The content-addressed store, like a Nix store: one immutable directory per artifact,
 * named after the hash of what identifies it (`<hash>-<component>-<version>`), holding the
 * files and a manifest of their sha256. Entries are created in a temporary directory and
 * renamed into place, so a reader never sees a partial entry and concurrent fetches of the
 * same artifact are safe (the first rename wins, the other copy is discarded). Every file
 * is checked against the manifest before it is used; a mismatch is refused.
 */
export interface StoreEntry {
  readonly dir: string;
  readonly component: string;
  readonly version: string;
  /** Relative path -> sha256. */
  readonly files: Readonly<Record<string, string>>;
  /** How the entry was produced (provider, module or url, ...), for `which --explain`. */
  readonly origin: Readonly<Record<string, unknown>>;
}

const MANIFEST = 'grafana-stack-manifest.json';
/** Where the stat stamps of verified entries are kept (a dot directory: never taken for an entry). */
const STAMPS = '.stamps';

export function defaultStoreDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GRAFANA_STACK_STORE) return env.GRAFANA_STACK_STORE;
  return join(cacheRoot(env), 'store');
}

/** The store key of an artifact: a hash of everything that determines its bytes (canonical JSON, so nested values count too). */
export function storeKey(identity: Readonly<Record<string, unknown>>): string {
  return sha256(canonicalJson(identity)).slice(0, 32);
}

export function entryDir(storeDir: string, key: string, component: string, version: string): string {
  return join(storeDir, `${key}-${component}-${version}`);
}

/**
 * Adds an entry: `fill(dir)` writes the files into a fresh temporary directory; their
 * hashes are recorded, files made read-only, and the directory renamed into place.
 */
export async function addEntry(
  storeDir: string,
  key: string,
  meta: { component: string; version: string; origin: Record<string, unknown> },
  fill: (dir: string) => Promise<void>,
): Promise<StoreEntry> {
  const final = entryDir(storeDir, key, meta.component, meta.version);
  if (existsSync(final)) return verifyEntry(final);
  await mkdir(storeDir, { recursive: true });
  const tmp = await scratchDir(storeDir, 'tmp');
  try {
    await fill(tmp);
    const files: Record<string, string> = {};
    for (const f of await listFiles(tmp)) {
      files[f] = await sha256File(join(tmp, f));
      const st = await stat(join(tmp, f));
      await chmod(join(tmp, f), st.mode & 0o111 ? 0o555 : 0o444);
    }
    const entry = { component: meta.component, version: meta.version, files, origin: meta.origin };
    await writeFile(join(tmp, MANIFEST), `${JSON.stringify(entry, null, 2)}\n`, { mode: 0o444 });
    try {
      await rename(tmp, final);
      keep(tmp);
    } catch (e) {
      // Another process stored the same artifact first: use theirs.
      if (!existsSync(final)) throw e;
    }
  } finally {
    await release(tmp);
  }
  return verifyEntry(final);
}

/** An entry's manifest, unverified (cheap: for choosing among entries), or undefined if unreadable. */
export async function readManifest(dir: string): Promise<Omit<StoreEntry, 'dir'> | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, MANIFEST), 'utf8')) as Omit<StoreEntry, 'dir'>;
  } catch {
    return undefined;
  }
}

/** Directories of every entry stored for `<component> <version>`, whatever produced them. */
export async function entriesOf(storeDir: string, component: string, version: string): Promise<string[]> {
  if (!existsSync(storeDir)) return [];
  const suffix = `-${component}-${version}`;
  return (await readdir(storeDir))
    .filter((d) => !d.startsWith('.') && d.endsWith(suffix))
    .sort()
    .map((d) => join(storeDir, d));
}

export interface VerifyOptions {
  /** Hash every file even when its stat stamp is unchanged (`fetch --verify`). */
  readonly rehash?: boolean;
}

/**
 * Reads an entry and checks every file against its manifest. The first check hashes every
 * file and records a stat stamp of each (size, mtime, ctime, inode, as git's index does)
 * beside the store, in `.stamps/`, never inside the immutable entry; later checks trust a
 * file whose stamp is unchanged and hash only what changed (writing a file, or restoring
 * its mtime after writing it, changes its ctime). `rehash` ignores the stamps.
 */
export async function verifyEntry(dir: string, o: VerifyOptions = {}): Promise<StoreEntry> {
  let text: string;
  let manifest: Omit<StoreEntry, 'dir'>;
  try {
    text = await readFile(join(dir, MANIFEST), 'utf8');
    manifest = JSON.parse(text) as Omit<StoreEntry, 'dir'>;
  } catch {
    throw new StackError(`store entry ${dir} has no readable manifest: refusing to use it (delete the directory and fetch again)`);
  }
  const problems: { path: string; message: string }[] = [];
  const present = new Set(await listFiles(dir));
  const wanted = Object.entries(manifest.files).filter(([file]) => {
    if (present.has(file)) return true;
    problems.push({ path: file, message: 'missing' });
    return false;
  });
  for (const extra of present) {
    if (extra !== MANIFEST && !(extra in manifest.files)) problems.push({ path: extra, message: 'not part of the artifact' });
  }
  if (!problems.length) {
    // Stats are taken before hashing: a file changed while it is hashed has a newer ctime than its stamp.
    const stamps = Object.fromEntries(await Promise.all(wanted.map(async ([file]) => [file, await fileStamp(join(dir, file))] as const)));
    const manifestHash = sha256(text);
    const recorded = o.rehash ? undefined : await readStamp(dir);
    const trusted = (file: string) => recorded?.manifest === manifestHash && sameStamp(recorded.files[file], stamps[file]!);
    for (const [file, want] of wanted) {
      if (trusted(file)) continue;
      const got = await sha256File(join(dir, file));
      if (got !== want) problems.push({ path: file, message: `sha256 ${got} does not match the recorded ${want}` });
    }
    if (!problems.length && !wanted.every(([file]) => trusted(file))) await writeStamp(dir, { manifest: manifestHash, files: stamps });
  }
  if (problems.length) {
    throw new StackError(`store entry ${dir} was modified after it was stored: refusing to use it (delete the directory and fetch again)`, problems, 3);
  }
  return { dir, ...manifest };
}

/** What a verified entry's files looked like when they were last hashed. */
interface EntryStamp {
  /** sha256 of the manifest the files were checked against. */
  readonly manifest: string;
  readonly files: Readonly<Record<string, FileStamp>>;
}

interface FileStamp {
  readonly size: string;
  readonly mtimeNs: string;
  readonly ctimeNs: string;
  readonly ino: string;
  readonly dev: string;
}

async function fileStamp(path: string): Promise<FileStamp> {
  const st = await stat(path, { bigint: true });
  return { size: String(st.size), mtimeNs: String(st.mtimeNs), ctimeNs: String(st.ctimeNs), ino: String(st.ino), dev: String(st.dev) };
}

function sameStamp(a: FileStamp | undefined, b: FileStamp): boolean {
  return a !== undefined && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.ino === b.ino && a.dev === b.dev;
}

/** `<store>/.stamps/<entry>.json`: beside the entry, since the entry itself is immutable. */
function stampFile(dir: string): string {
  return join(dirname(dir), STAMPS, `${basename(dir)}.json`);
}

async function readStamp(dir: string): Promise<EntryStamp | undefined> {
  try {
    return JSON.parse(await readFile(stampFile(dir), 'utf8')) as EntryStamp;
  } catch {
    return undefined;
  }
}

/** Best effort: a store the user may not write (a shared, read-only one) is hashed on every use instead. */
async function writeStamp(dir: string, stamp: EntryStamp): Promise<void> {
  const file = stampFile(dir);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(tmp, JSON.stringify(stamp));
    await rename(tmp, file);
  } catch {
    await rm(tmp, { force: true }).catch(() => undefined);
  }
}

/** Finds a stored entry by key, or undefined. */
export function findEntry(storeDir: string, key: string, component: string, version: string): string | undefined {
  const dir = entryDir(storeDir, key, component, version);
  return existsSync(join(dir, MANIFEST)) ? dir : undefined;
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  await walk(dir);
  return out.sort();
}

/**
 * A binary of `<component> <version>` from any verified store entry (whichever provider
 * produced it), or undefined. For tools that need the binary but not the lock (`check`).
 */
export async function storedBinary(storeDir: string, component: string, version: string, binary: string): Promise<string | undefined> {
  for (const dir of await entriesOf(storeDir, component, version)) {
    if (!existsSync(join(dir, binary))) continue;
    try {
      const entry = await verifyEntry(dir);
      if (binary in entry.files) return join(entry.dir, binary);
    } catch {
      // A tampered entry is never used; the next one may be fine.
    }
  }
  return undefined;
}
