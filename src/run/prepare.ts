import { mkdir } from 'node:fs/promises';
import { ensureArtifacts } from '../artifacts/ensure.js';
import { StackError } from '../core/errors.js';
import type { StackBuild } from '../model/build.js';
import { writeOutput } from '../render/output.js';
import { renderNative } from '../targets/native/index.js';
import type { NativeManifest } from '../targets/native/manifest.js';
import { materializeNativeSecrets } from '../targets/native/secrets.js';
import type { RunPaths } from './paths.js';

export interface PrepareOptions {
  readonly build: StackBuild;
  readonly projectDir: string;
  readonly paths: RunPaths;
  readonly env: NodeJS.ProcessEnv;
  readonly log: (line: string) => void;
  /** Download progress of one component. */
  readonly progress?: (component: string) => ((received: number, total: number | undefined) => void) & { done(): void };
}

/**
 * Everything `up` needs before a process starts: the lock (written on first use, like a
 * package manager's), every binary in the store (fetched when missing, verified always),
 * the native configs rendered into `.grafana-stack/config`, secrets materialized, data
 * directories created. Nothing under data/ is ever removed. Returns the manifest the
 * native target rendered (also written, for the detached supervisor to read).
 */
export async function prepareRun(o: PrepareOptions): Promise<NativeManifest> {
  // Nothing is fetched or built for a service this host does not run (kube-state-metrics).
  const { entries } = await ensureArtifacts({ ...o, only: o.build.hostComponents });
  const { files, manifest } = renderNative(o.build, {
    configDir: o.paths.config,
    stateDir: o.paths.root,
    artifactDir: (a) => {
      const e = entries.get(a.component);
      if (!e) throw new StackError(`${a.component} has no artifact in the lock file: run \`grafana-stack lock --update\``);
      return e.dir;
    },
  });
  await writeOutput(o.paths.config, files, { target: 'native', stack: o.build.stack.name });
  const written = await materializeNativeSecrets(o.build.plans, o.paths.root, o.env);
  for (const w of written) o.log(`created secret ${w} (mode 0600)`);
  for (const s of manifest.services) {
    await mkdir(s.cwd, { recursive: true, mode: 0o750 });
    for (const d of s.dataDirs) await mkdir(d, { recursive: true, mode: 0o750 });
  }
  await mkdir(o.paths.logs, { recursive: true, mode: 0o750 });
  return manifest;
}
