import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { Manifest } from './manifest.js';
import type { RunPaths } from './paths.js';

/**
 * A prepared run that is still current: `up` of a project whose definition, lock, store
 * entries, configs and secrets are exactly as the last `up` left them starts the same
 * manifest again without loading the definition's schema, the components or the render
 * (several times the cost of starting Node, and most of an `up` that keeps its data).
 *
 * After a full preparation, `up` records `run/prepared.json`: a key over everything the
 * preparation is a function of (the resolved Stack's cache key: this build of the tool, the
 * definition's bytes, the GRAFANA_STACK_* variables and --set values; the lock's bytes; the
 * store's place; the values of the variables secrets are copied from, hashed), and a stat
 * stamp (size, mtime, ctime, inode, as git's index keeps them) of every file the run reads:
 * each config file, each secret, each service's binary. The next `up`
 * trusts the record only when the key and every stamp are the same and no file came or went;
 * anything else prepares from scratch (and records again). A TypeScript definition has no
 * cache key (it may import anything), so it is always prepared.
 */
export interface PreparedRun {
  readonly manifest: Manifest;
  /** The address the services bind (the free-port check needs it). */
  readonly bindAddress: string;
  /** Grafana's login as `up` prints it, when the stack has Grafana. */
  readonly login?: PreparedLogin;
  /** Lines the definition's loading printed (variables that name no setting), printed again. */
  readonly notes: readonly string[];
}

export interface PreparedLogin {
  readonly user: string;
  readonly password: { readonly env: string } | { readonly file: string } | { readonly generated: true };
}

/** What the key of a prepared run is computed from, besides the files it stamps. */
export interface PreparedInputs {
  /** The resolved Stack's cache key (cli/stack-cache.ts); none: never recorded nor trusted. */
  readonly stackKey: string | undefined;
  readonly projectDir: string;
  readonly env: NodeJS.ProcessEnv;
}

interface Record_ extends PreparedRun {
  readonly version: 1;
  readonly key: string;
  /** Variables whose values secrets are copied from (their values are in the key, hashed). */
  readonly secretVariables: readonly string[];
  /** Directories whose every file is stamped: a file added or removed there changes the run. */
  readonly dirs: readonly string[];
  readonly files: Readonly<Record<string, Stamp>>;
}

/** size, mtime, ctime, inode (ms as stat gives them). */
type Stamp = readonly [number, number, number, number];

const LOCK_FILE = 'grafana-stack.lock.json';

function preparedFile(paths: RunPaths): string {
  return join(paths.run, 'prepared.json');
}

/** The prepared run `up` may start as it is, or undefined when anything it depends on changed. */
export function currentPreparedRun(paths: RunPaths, inputs: PreparedInputs): PreparedRun | undefined {
  if (!inputs.stackKey) return undefined;
  let rec: Record_;
  try {
    rec = JSON.parse(readFileSync(preparedFile(paths), 'utf8')) as Record_;
  } catch {
    return undefined;
  }
  if (rec.version !== 1 || rec.key !== preparedKey(inputs, rec.secretVariables)) return undefined;
  const now = stampAll(rec.dirs, Object.keys(rec.files));
  if (!now || !sameStamps(rec.files, now)) return undefined;
  return { manifest: rec.manifest, bindAddress: rec.bindAddress, ...(rec.login ? { login: rec.login } : {}), notes: rec.notes };
}

/**
 * Records a run just prepared (see above). `files` are files outside the stamped directories
 * the run reads (secret files of the user's).
 */
export function recordPreparedRun(
  paths: RunPaths,
  inputs: PreparedInputs,
  run: PreparedRun & { readonly secretVariables: readonly string[]; readonly secretFiles: readonly string[] },
): void {
  if (!inputs.stackKey) return;
  // The binaries themselves, not their directories: a user's binary may sit in /usr/bin.
  const dirs = [paths.config, join(paths.root, 'secrets')];
  const files = stampAll(dirs, [...run.manifest.services.map((s) => s.command), ...run.secretFiles]);
  if (!files) return;
  const rec: Record_ = {
    version: 1,
    key: preparedKey(inputs, run.secretVariables),
    manifest: run.manifest,
    bindAddress: run.bindAddress,
    ...(run.login ? { login: run.login } : {}),
    notes: run.notes,
    secretVariables: run.secretVariables,
    dirs,
    files,
  };
  const file = preparedFile(paths);
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    mkdirSync(paths.run, { recursive: true });
    writeFileSync(tmp, JSON.stringify(rec), { mode: 0o600 });
    renameSync(tmp, file);
  } catch {
    // Best effort: without a record the next up prepares again, nothing worse.
    rmSync(tmp, { force: true });
  }
}

/** Forgets the recorded run: called before a preparation rewrites what it stamps. */
export function forgetPreparedRun(paths: RunPaths): void {
  rmSync(preparedFile(paths), { force: true });
}

function preparedKey(inputs: PreparedInputs, secretVariables: readonly string[]): string {
  const h = createHash('sha256');
  let lock: Buffer | string;
  try {
    lock = readFileSync(join(inputs.projectDir, LOCK_FILE));
  } catch {
    lock = 'no lock';
  }
  const lockHash = createHash('sha256').update(lock).digest('hex');
  // The store's place: the lock names entries, these variables say where they are.
  const where = ['HOME', 'XDG_CACHE_HOME'].map((k) => [k, inputs.env[k] ?? '']);
  const secrets = [...secretVariables].sort().map((k) => [k, createHash('sha256').update(inputs.env[k] ?? '\0unset').digest('hex')]);
  h.update(JSON.stringify({ stack: inputs.stackKey, project: inputs.projectDir, lock: lockHash, where, secrets }));
  return h.digest('hex');
}

/** Stamps of every file under `dirs` (recursively) and of `files`; undefined if one cannot be read. */
function stampAll(dirs: readonly string[], files: readonly string[]): Record<string, Stamp> | undefined {
  const out: Record<string, Stamp> = {};
  const walk = (dir: string): boolean => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ENOENT';
    }
    for (const name of names) {
      const p = join(dir, name);
      let st: Stats;
      try {
        st = lstatSync(p);
      } catch {
        return false;
      }
      if (st.isDirectory()) {
        if (!walk(p)) return false;
      } else out[p] = stampOf(st);
    }
    return true;
  };
  for (const d of dirs) if (!walk(d)) return undefined;
  for (const f of files) {
    if (f in out) continue;
    try {
      out[f] = stampOf(lstatSync(f));
    } catch {
      return undefined;
    }
  }
  return out;
}

function stampOf(st: Stats): Stamp {
  return [st.size, st.mtimeMs, st.ctimeMs, st.ino];
}

function sameStamps(a: Readonly<Record<string, Stamp>>, b: Readonly<Record<string, Stamp>>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => {
    const x = a[k];
    const y = b[k];
    return x !== undefined && y !== undefined && x.every((v, i) => v === y[i]);
  });
}
