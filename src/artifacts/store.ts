import { existsSync } from 'node:fs';
import { chmod, mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { StackError } from '../core/errors.js';
import { sha256, sha256File } from './hash.js';
import { canonicalJson } from '../core/canonical-json.js';
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

export function defaultStoreDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GRAFANA_STACK_STORE) return env.GRAFANA_STACK_STORE;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'grafana-stack', 'store');
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

/** Reads an entry and checks every file's sha256 against its manifest. */
export async function verifyEntry(dir: string): Promise<StoreEntry> {
  const manifest = await readManifest(dir);
  if (!manifest) {
    throw new StackError(`store entry ${dir} has no readable manifest: refusing to use it (delete the directory and fetch again)`);
  }
  const problems: { path: string; message: string }[] = [];
  const present = new Set(await listFiles(dir));
  for (const [file, want] of Object.entries(manifest.files)) {
    if (!present.has(file)) {
      problems.push({ path: file, message: 'missing' });
      continue;
    }
    const got = await sha256File(join(dir, file));
    if (got !== want) problems.push({ path: file, message: `sha256 ${got} does not match the recorded ${want}` });
  }
  for (const extra of present) {
    if (extra !== MANIFEST && !(extra in manifest.files)) problems.push({ path: extra, message: 'not part of the artifact' });
  }
  if (problems.length) {
    throw new StackError(`store entry ${dir} was modified after it was stored: refusing to use it (delete the directory and fetch again)`, problems, 3);
  }
  return { dir, ...manifest };
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
