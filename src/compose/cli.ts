import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { StackError } from '../core/errors.js';
import { dockerBinary } from '../images/docker.js';

const run = promisify(execFile);

/** How Compose is invoked here: the v2 plugin (`docker compose`) or the standalone v1 (`docker-compose`). */
export interface ComposeCli {
  readonly argv: readonly string[];
  readonly version: string;
}

/** Finds Compose, preferring the v2 plugin; a clear error when neither is installed. */
export async function findCompose(env: NodeJS.ProcessEnv): Promise<ComposeCli> {
  const candidates: string[][] = env.GRAFANA_STACK_COMPOSE ? [env.GRAFANA_STACK_COMPOSE.split(' ')] : [[dockerBinary(env), 'compose'], ['docker-compose']];
  for (const argv of candidates) {
    try {
      const { stdout } = await run(argv[0]!, [...argv.slice(1), 'version', '--short'], { env });
      return { argv, version: stdout.trim() };
    } catch {
      // try the next one
    }
  }
  throw new StackError('Docker Compose is not installed: neither `docker compose` (v2) nor `docker-compose` was found (Debian: apt-get install docker-compose)', [], 69);
}

/**
 * Runs a Compose command with its output passed through (pulling, creating, starting are
 * worth seeing), failing with its exit code.
 */
export function composeRun(cli: ComposeCli, project: string, file: string, args: readonly string[], env: NodeJS.ProcessEnv, output: (s: string) => void): Promise<void> {
  const argv = [...cli.argv.slice(1), '-p', project, '-f', file, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(cli.argv[0]!, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d: Buffer) => output(d.toString()));
    child.stderr.on('data', (d: Buffer) => output(d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new StackError(`${cli.argv.join(' ')} ${args.join(' ')} failed (exit ${code})`, [], 1))));
  });
}
