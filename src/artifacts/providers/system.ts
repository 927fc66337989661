import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { StackError } from '../../core/errors.js';
import { findBinary } from '../../validators/find-binary.js';

const run = promisify(execFile);

export interface SystemBinary {
  readonly path: string;
  readonly version: string;
}

/**
 * A binary already on the machine (PATH, or a path given explicitly), accepted only if
 * it reports the pinned version: Prometheus-family binaries print `name, version X.Y.Z`
 * for `--version`, Grafana prints `Version X.Y.Z`.
 */
export async function findSystem(name: string, want: string, opts: { path?: string; env?: NodeJS.ProcessEnv } = {}): Promise<SystemBinary> {
  const path = opts.path ?? findBinary(name, opts.env);
  if (!path) throw new StackError(`${name} was not found on PATH (give its path, or fetch --from source|release)`, [], 3);
  let out: string;
  try {
    const r = await run(path, ['--version'], { timeout: 15_000 });
    out = `${r.stdout}${r.stderr}`;
  } catch (e) {
    const r = e as { stdout?: string; stderr?: string; message: string };
    out = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    if (!out) throw new StackError(`${path} --version failed: ${r.message}`, [], 3);
  }
  const version = parseVersion(out);
  if (!version) throw new StackError(`${path} --version printed no version I can read: ${JSON.stringify(out.slice(0, 120))}`, [], 3);
  if (normalize(version) !== normalize(want)) {
    throw new StackError(`${path} is ${name} ${version}, but the stack pins ${want}: install ${want} or set ${name}.version to ${version}`, [], 3);
  }
  return { path, version };
}

export function parseVersion(output: string): string | undefined {
  const m = /\bversion[: ]+v?(\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.+~-]+)?)/i.exec(output);
  return m?.[1];
}

function normalize(v: string): string {
  // Debian appends its revision (2.42.0+ds-5): compare the upstream part.
  return v.replace(/^v/, '').replace(/\+ds.*$/, '');
}
