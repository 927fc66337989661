import { spawnSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BIN = join(ROOT, 'bin', 'grafana-stack.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, in its own process (`bin`: another launcher of it). */
export function cli(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; bin?: string }): CliResult {
  const r = spawnSync(process.execPath, [opts.bin ?? BIN, ...args], {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempProject(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'gs-test-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** Every file under dir, relative path -> content. */
export function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

/**
 * Renders a definition (an absolute path, usually under test/fixtures) for a target with
 * the built CLI, asserting success; returns the output directory.
 */
export function renderFixture(config: string, target: string, opts: { extra?: string[]; env?: NodeJS.ProcessEnv } = {}): string {
  const dir = tempProject();
  const r = cli(['--config', config, 'render', target, '--out', 'out', ...(opts.extra ?? [])], { cwd: dir, env: opts.env ?? { GRAFANA_ADMIN_PASSWORD: 'from-env-for-tests' } });
  if (r.code !== 0) throw new Error(`render ${target} of ${config} failed (exit ${r.code}):\n${r.stderr}`);
  return join(dir, 'out');
}

/** The YAML files of a rendered Kubernetes directory, by path. */
export function manifestPaths(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => join(dir, f));
}

/** Every object of those files (each YAML document), empty documents left out. */
export function readManifests<T = Record<string, any>>(dir: string): T[] {
  return manifestPaths(dir).flatMap((f) => parseAllDocuments(readFileSync(f, 'utf8')).map((d) => d.toJS() as T | null)).filter((o): o is T => o !== null);
}
