import type { Stack } from './stack.js';

/**
 * The host a client on this machine dials to reach a service listening on `bindAddress`:
 * a wildcard is reached on loopback, and an IPv6 literal needs brackets in a URL.
 */
export function connectHost(bindAddress: string): string {
  if (bindAddress === '0.0.0.0' || bindAddress === '::') return '127.0.0.1';
  return bindAddress.includes(':') ? `[${bindAddress}]` : bindAddress;
}

/**
 * `http://host:port[path]` of a component's port as published on this machine (natively
 * and by Compose, which publish the same numbers); undefined when the component is off.
 */
export function localUrl(stack: Stack, component: string, port: string, path = ''): string | undefined {
  const p = stack.components[component]?.ports[port];
  return p === undefined ? undefined : `http://${connectHost(stack.bindAddress)}:${p}${path}`;
}
