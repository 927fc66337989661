import type { Stack } from '../model/stack.js';
import { runningSupervisor } from './instance.js';
import { readManifest } from './manifest.js';
import { runPaths } from './paths.js';

/**
 * The stack with the ports its running native instance actually uses. `up --set
 * grafana.port=3001` moves a port only for that run; `verify`, `shell`, `env` and `open`
 * without the same --set must still find it, so they ask the manifest the supervisor runs.
 * With no stack running, the definition's ports stand.
 */
export async function withRunningPorts(stack: Stack, projectDir: string): Promise<Stack> {
  const paths = runPaths(projectDir);
  if (!runningSupervisor(paths)) return stack;
  const manifest = await readManifest(paths.manifest).catch(() => undefined);
  if (!manifest || manifest.stack !== stack.name) return stack;
  const components = { ...stack.components };
  for (const s of manifest.services) {
    const c = components[s.artifact.component];
    if (c) components[c.name] = { ...c, ports: { ...c.ports, ...Object.fromEntries(s.ports.map((p) => [p.name, p.port])) } };
  }
  return { ...stack, components };
}
