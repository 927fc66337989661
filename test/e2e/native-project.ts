import { after } from 'node:test';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { cli, tempProject, type CliResult } from '../helpers.js';
import { e2eMirror, userBinaries } from './requirements.js';

/**
 * A project directory holding this definition, `run` for the CLI in it, and, after the
 * file's tests, `down` and removal. Binaries come as a user gets them: `up` locks on first
 * use and downloads the release archives from the end-to-end mirror (see requirements.ts)
 * into a store of the project's own, through the release provider; components the user
 * provides as GRAFANA_STACK_BIN_<NAME> run from that binary (`binary:`). With `offline`,
 * the CLI has no Go on its PATH and GOPROXY=off: nothing may need either.
 */
export async function nativeProject(config: string, opts: { offline?: boolean } = {}): Promise<{ dir: string; run: (...args: string[]) => CliResult; env: NodeJS.ProcessEnv }> {
  const doc = parseDocument(config);
  for (const [c, path] of Object.entries(userBinaries())) {
    if (doc.get(c) === false) continue;
    if (doc.has(c) && doc.get(c) !== null) doc.setIn([c, 'binary'], path);
  }
  const dir = tempProject({ 'grafana-stack.config.yaml': doc.toString() });
  const mirror = await e2eMirror();
  const env: NodeJS.ProcessEnv = {
    NO_COLOR: '1',
    GRAFANA_STACK_STORE: join(dir, '.store'),
    ...('dir' in mirror ? { GRAFANA_STACK_MIRROR: mirror.dir } : {}),
    ...(opts.offline ? { PATH: '/usr/bin:/bin', GOPROXY: 'off' } : {}),
  };
  const run = (...args: string[]) => cli(args, { cwd: dir, env });
  after(() => {
    run('down');
    rmSync(dir, { recursive: true, force: true });
  });
  return { dir, run, env };
}

/**
 * Writes the project's lock from the end-to-end mirror, the way a user's first `lock` does,
 * and returns the environment that fetches from that mirror. Best effort: a test whose
 * components are missing is skipped anyway, and says why.
 */
export async function lockFromMirror(dir: string): Promise<NodeJS.ProcessEnv> {
  const mirror = await e2eMirror();
  const env: NodeJS.ProcessEnv = { NO_COLOR: '1', ...('dir' in mirror ? { GRAFANA_STACK_MIRROR: mirror.dir } : {}) };
  cli(['lock'], { cwd: dir, env });
  return env;
}
