import { after } from 'node:test';
import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli, ROOT, tempProject, type CliResult } from '../helpers.js';

/**
 * A project directory holding this definition and the repository's lock (so nothing is
 * re-pinned), `run` for the CLI in it, and, after the file's tests, `down` and removal.
 */
export function nativeProject(config: string): { dir: string; run: (...args: string[]) => CliResult } {
  const dir = tempProject({ 'grafana-stack.config.yaml': config });
  copyFileSync(join(ROOT, 'grafana-stack.lock.json'), join(dir, 'grafana-stack.lock.json'));
  const run = (...args: string[]) => cli(args, { cwd: dir, env: { NO_COLOR: '1' } });
  after(() => {
    run('down');
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, run };
}
