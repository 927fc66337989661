import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, cp, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { ArtifactSpec, VersionProbe } from '../../components/artifact-spec.js';
import { StackError } from '../../core/errors.js';
import { findBinary } from '../../validators/find-binary.js';
import { sha256File } from '../hash.js';
import { addEntry, findEntry, storeKey, verifyEntry, type StoreEntry } from '../store.js';

const run = promisify(execFile);

/** `version X.Y.Z` as the Prometheus-family binaries, Loki, Tempo, Mimir and Grafana print it for `--version`. */
export const DEFAULT_PROBE: VersionProbe = { args: ['--version'], pattern: /\bversion[: ]+v?(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+~-]+)?)/i };

export interface SystemBinary {
  readonly path: string;
  readonly version: string;
}

/**
 * The user's own binary of a component (a distribution package, Homebrew, NixOS): the
 * definition's `binary` path (relative to the project directory), else
 * GRAFANA_STACK_BIN_<NAME>, else PATH; accepted only if it reports the pinned version.
 */
export async function findSystem(
  name: string,
  want: string,
  opts: { path?: string; env?: NodeJS.ProcessEnv; probe?: VersionProbe; projectDir?: string } = {},
): Promise<SystemBinary> {
  const given = opts.path && (isAbsolute(opts.path) ? opts.path : resolve(opts.projectDir ?? process.cwd(), opts.path));
  const path = given ?? findBinary(name, opts.env);
  if (!path || !existsSync(path)) {
    throw new StackError(`${given ?? name} was not found${given ? '' : ' on PATH (nor GRAFANA_STACK_BIN_' + name.toUpperCase().replace(/-/g, '_') + ')'}: give its path, or fetch the release archive`, [], 3);
  }
  const version = await probeVersion(path, opts.probe ?? DEFAULT_PROBE);
  if (normalize(version) !== normalize(want)) {
    throw new StackError(`${path} is ${name} ${version}, but the stack pins ${want}: install ${want}, or set the component's version to ${normalize(version)}`, [], 3);
  }
  return { path, version };
}

/** Runs a binary's version probe and reads the version from what it printed. */
export async function probeVersion(path: string, probe: VersionProbe): Promise<string> {
  let out: string;
  try {
    const r = await run(path, [...probe.args], { timeout: 15_000 });
    out = `${r.stdout}${r.stderr}`;
  } catch (e) {
    const r = e as { stdout?: string; stderr?: string; message: string };
    out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    if (!out) throw new StackError(`${path} ${probe.args.join(' ')} failed: ${r.message}`, [], 3);
  }
  const version = probe.pattern.exec(out.trim())?.[1];
  if (!version) throw new StackError(`${path} ${probe.args.join(' ')} printed no version I can read: ${JSON.stringify(out.slice(0, 120))}`, [], 3);
  return version;
}

export function parseVersion(output: string): string | undefined {
  return DEFAULT_PROBE.pattern.exec(output)?.[1];
}

function normalize(v: string): string {
  // Debian appends its revision (2.42.0+ds-5): compare the upstream part.
  return v.replace(/^v/, '').replace(/\+ds.*$/, '');
}

/**
 * Takes the user's binary into the store, version-checked: a copy, so an upgrade of the
 * system package never changes what a running stack or a built image holds. The
 * component's other binaries found beside it (promtool beside prometheus) come along, and
 * so does Grafana's home directory (conf/, public/), found beside the binary as the
 * release archive, Debian/RPM (/usr/share/grafana), Homebrew and Nix lay it out.
 */
export async function storeSystem(
  component: string,
  version: string,
  spec: ArtifactSpec,
  o: { storeDir: string; path?: string; env?: NodeJS.ProcessEnv; projectDir?: string; log?: (l: string) => void },
): Promise<StoreEntry> {
  const server = spec.binaries[0]!;
  const found = await findSystem(server, version, { ...o, ...(spec.versionProbe ? { probe: spec.versionProbe } : {}) });
  const real = await realpath(found.path);
  const st = await stat(real);
  const sha256 = await sha256File(real);
  const home = spec.home ? await findHome(real, spec.home) : undefined;
  if (spec.home && !home) {
    throw new StackError(`${found.path}: cannot find ${component}'s home directory (with ${spec.home.marker}) beside it; give the path of the binary inside it (<home>/bin/${server})`, [], 3);
  }
  const key = storeKey({ provider: 'system', path: real, sha256, home: home ?? null });
  const existing = findEntry(o.storeDir, key, component, version);
  if (existing) return verifyEntry(existing);
  o.log?.(`copying ${real}${home ? ` and ${home}` : ''} into the store`);
  return addEntry(o.storeDir, key, { component, version, origin: { provider: 'system', path: real, sha256, size: st.size, mtimeMs: st.mtimeMs, ...(home ? { home } : {}) } }, async (dir) => {
    await copyFile(real, join(dir, server));
    for (const tool of spec.binaries.slice(1)) {
      const beside = join(dirname(found.path), tool);
      if (existsSync(beside)) await copyFile(await realpath(beside), join(dir, tool));
    }
    if (home) {
      for (const e of await readdir(home)) if (e !== 'bin' && e !== basename(server)) await cp(join(home, e), join(dir, e), { recursive: true, dereference: true });
    }
  });
}

/** The home directory of a binary: the first candidate holding the marker file. */
async function findHome(binary: string, home: NonNullable<ArtifactSpec['home']>): Promise<string | undefined> {
  const bin = dirname(binary);
  for (const c of [join(bin, '..'), join(bin, '..', 'share', basename(binary)), ...home.systemDirs]) {
    if (existsSync(join(c, home.marker))) return realpath(c);
  }
  return undefined;
}
