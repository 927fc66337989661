import { createServer } from 'node:net';
import { StackError } from '../core/errors.js';
import { portOwner } from './proc.js';

/** Resolves true when `host:port` can be bound right now. */
export function portFree(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen({ port, host, exclusive: true }, () => s.close(() => resolve(true)));
  });
}

/**
 * Every port of every service must be free before anything starts: one error naming each
 * taken port, its service, and the process that holds it when that can be told.
 */
export async function assertPortsFree(services: readonly { readonly name: string; readonly ports: readonly { readonly name: string; readonly port: number }[] }[], host: string): Promise<void> {
  const problems: { path: string; message: string }[] = [];
  for (const s of services) {
    for (const p of s.ports) {
      if (await portFree(p.port, host)) continue;
      const owner = portOwner(p.port);
      problems.push({
        path: `${s.name}.${p.name}`,
        message: `port ${p.port} is in use${owner ? ` by pid ${owner.pid} (${owner.command})` : ''}`,
      });
    }
  }
  if (problems.length) {
    throw new StackError('cannot start: ports are taken (stop what uses them, or move the stack with <component>.port in the config)', problems);
  }
}
