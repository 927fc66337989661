import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT } from '../test/helpers.js';
import { missingComponents } from '../test/e2e/requirements.js';

/** Exits the benchmark with a line saying why, when the pinned binaries are not in the store. */
export async function requireComponents(benchmark: string): Promise<void> {
  const missing = await missingComponents();
  if (missing) {
    console.log(`\n${benchmark} benchmark left out: ${missing}`);
    process.exit(0);
  }
}

/**
 * A throwaway project with the repository's lock and the given config, and a runner for
 * the built CLI in it that returns how long each command took.
 */
export function benchProject(prefix: string, config: string): { dir: string; cli: (...args: string[]) => { ms: number; stdout: string } } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, 'grafana-stack.config.yaml'), config);
  copyFileSync(join(ROOT, 'grafana-stack.lock.json'), join(dir, 'grafana-stack.lock.json'));
  const cli = (...args: string[]) => {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stderr}${r.stdout}`);
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, stdout: r.stdout };
  };
  return { dir, cli };
}
