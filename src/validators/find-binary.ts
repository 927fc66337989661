import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Finds a component's executable: `GRAFANA_STACK_BIN_<NAME>` (an explicit path), then
 * PATH. The artifact store joins this lookup once binaries are fetched into it.
 */
export function findBinary(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const explicit = env[`GRAFANA_STACK_BIN_${name.toUpperCase().replace(/-/g, '_')}`];
  if (explicit) return isExecutable(explicit) ? explicit : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    if (isExecutable(p)) return p;
  }
  return undefined;
}

function isExecutable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
