import { join } from 'node:path';
import { nativeStateDir } from '../core/state-dir.js';

/**
 * Where the native stack keeps its state, all under `<project>/.grafana-stack/`. Data and
 * secrets are the user's and are never deleted by the tool; config and run are rewritten
 * on every `up`.
 */
export interface RunPaths {
  readonly root: string;
  /** Generated configs and services.json (re-rendered by every `up`). */
  readonly config: string;
  readonly manifest: string;
  readonly data: string;
  readonly logs: string;
  /** state.json and the supervisor lock. */
  readonly run: string;
  readonly state: string;
  readonly lock: string;
  readonly supervisorLog: string;
}

export function runPaths(projectDir: string): RunPaths {
  const root = nativeStateDir(projectDir);
  const config = join(root, 'config');
  const run = join(root, 'run');
  const logs = join(root, 'logs');
  return {
    root,
    config,
    manifest: join(config, 'services.json'),
    data: join(root, 'data'),
    logs,
    run,
    state: join(run, 'state.json'),
    lock: join(run, 'supervisor.lock'),
    supervisorLog: join(logs, 'supervisor.log'),
  };
}

export function serviceLog(paths: RunPaths, service: string): string {
  return join(paths.logs, `${service}.log`);
}
