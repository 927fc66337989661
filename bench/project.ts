import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_BIN } from './harness.js';
import { e2eMirror, missingComponents } from '../test/e2e/requirements.js';

/** The components the benchmarks run: those that can run on this machine. */
export const BENCH_COMPONENTS = ['prometheus', 'alertmanager', 'node-exporter'] as const;

/** Exits the benchmark with a line saying why, when the components' binaries cannot be had here. */
export async function requireComponents(benchmark: string): Promise<void> {
  const missing = await missingComponents([], BENCH_COMPONENTS);
  if (missing) {
    console.log(`\n${benchmark} benchmark left out: ${missing}`);
    process.exit(0);
  }
}

/**
 * A throwaway project with the given config (locked on first use from the end-to-end
 * mirror of release archives), and a runner for the built CLI in it that returns how long
 * each command took.
 */
export async function benchProject(prefix: string, config: string): Promise<{ dir: string; cli: (...args: string[]) => { ms: number; stdout: string } }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, 'grafana-stack.config.yaml'), config);
  const mirror = await e2eMirror();
  const env = { ...process.env, NO_COLOR: '1', ...('dir' in mirror ? { GRAFANA_STACK_MIRROR: mirror.dir } : {}) };
  const cli = (...args: string[]) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [CLI_BIN, ...args], { cwd: dir, encoding: 'utf8', env });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, stdout: r.stdout };
  };
  return { dir, cli };
}
