import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { StackError } from '../core/errors.js';
import type { BuiltImage } from './build.js';

const run = promisify(execFile);

/** The docker CLI: `GRAFANA_STACK_DOCKER`, else `docker` from PATH. */
export function dockerBinary(env: NodeJS.ProcessEnv = process.env): string {
  return env.GRAFANA_STACK_DOCKER || 'docker';
}

/**
 * Runs `docker ARGS`, turning "no docker" and "no daemon" into errors that say what to do.
 * Returns stdout, or stdout and stderr together with `combined` (`docker logs` replays a
 * container's stderr on its own stderr).
 */
export async function docker(args: readonly string[], env: NodeJS.ProcessEnv = process.env, o: { combined?: boolean } = {}): Promise<string> {
  try {
    const { stdout, stderr } = await run(dockerBinary(env), [...args], { env, maxBuffer: 64 * 1024 * 1024 });
    return o.combined ? `${stdout}${stderr}` : stdout;
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new StackError('docker is not installed or not on PATH (images are written without it; --load and compose need it)', [], 69);
    const stderr = (err.stderr ?? '').trim();
    if (/Cannot connect to the Docker daemon|Is the docker daemon running|docker\.sock/.test(stderr)) {
      throw new StackError(`the Docker engine is not reachable: ${stderr.split('\n')[0]} (start it, e.g. \`sudo systemctl start docker\`)`, [], 69);
    }
    throw new StackError(`docker ${args.join(' ')} failed: ${stderr || err.message}`, [], 1);
  }
}

/** Docker's image ID for a reference, or undefined when the engine does not have it. */
export async function localImageId(ref: string, env?: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    return (await docker(['image', 'inspect', '--format', '{{.Id}}', ref], env)).trim() || undefined;
  } catch (e) {
    if (e instanceof StackError && e.exitCode === 69) throw e;
    return undefined;
  }
}

/**
 * Loads the images the engine does not already hold under the same ID (the config
 * digest), so an unchanged image is never loaded twice.
 */
export async function loadImages(images: readonly BuiltImage[], dir: string, log: (l: string) => void, env?: NodeJS.ProcessEnv): Promise<void> {
  for (const image of images) {
    if ((await localImageId(image.ref, env)) === image.imageId) {
      log(`${image.ref}: already loaded`);
      continue;
    }
    const started = Date.now();
    await docker(['load', '--quiet', '--input', join(dir, image.archive)], env);
    const id = await localImageId(image.ref, env);
    if (id !== image.imageId) throw new StackError(`docker loaded ${image.ref} as ${id ?? 'nothing'}, expected ${image.imageId}`, [], 1);
    log(`${image.ref}: loaded (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}
