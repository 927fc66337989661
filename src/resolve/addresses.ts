import { connectHost } from '../core/connect-host.js';
import type { Stack } from '../model/stack.js';

/**
 * `http://host:port[path]` of a component's port as published on this machine (natively
 * and by Compose, which publish the same numbers); undefined when the component is off.
 */
export function localUrl(stack: Stack, component: string, port: string, path = ''): string | undefined {
  const p = stack.components[component]?.ports[port];
  return p === undefined ? undefined : `http://${connectHost(stack.bindAddress)}:${p}${path}`;
}
