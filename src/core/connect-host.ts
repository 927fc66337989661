/**
 * The host a client on this machine dials to reach a service listening on `bindAddress`:
 * a wildcard is reached on loopback, and an IPv6 literal needs brackets in a URL. Shared
 * by the native target's references and the CLI's URLs, so both dial the same place.
 */
export function connectHost(bindAddress: string): string {
  if (bindAddress === '0.0.0.0' || bindAddress === '::') return '127.0.0.1';
  return bindAddress.includes(':') ? `[${bindAddress}]` : bindAddress;
}
