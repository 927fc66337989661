import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The tool's directory in the user's cache, `$XDG_CACHE_HOME/grafana-stack` (else
 * `~/.cache/grafana-stack`): the store, the kept Stacks and renders, and the whole CLI's
 * code cache each have a directory in it.
 */
export function cacheRoot(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'grafana-stack');
}
