import { StackError } from '../core/errors.js';

/**
 * An image reference, fully qualified: `docker.io/library/caddy:2.11.9@sha256:...`.
 * Written by hand after distribution/reference's grammar (the Go package every engine
 * uses) rather than pulled in as a library: the grammar is a few lines, and the rules
 * that matter here (Docker Hub's implicit `docker.io` and `library/`) are spelt out.
 */
export interface ImageReference {
  /** Registry host and port as users write it (`docker.io`, `127.0.0.1:5000`). */
  readonly registry: string;
  /** Path inside the registry (`library/caddy`, `grafana/grafana`). */
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:<hex>`. */
  readonly digest?: string;
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const HOST = /^(?:localhost|[a-zA-Z0-9-]+(?:\.[a-zA-Z0-9-]+)+|[a-zA-Z0-9-]+(?::\d+)|\[[0-9a-fA-F:]+\])(?::\d+)?$/;

/** Parses a reference, adding Docker Hub's implicit registry and `library/` as engines do. */
export function parseReference(text: string): ImageReference {
  const bad = (why: string) => new StackError(`image reference ${JSON.stringify(text)}: ${why}`);
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw bad('the digest is not sha256:<64 hex digits>');
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) throw bad(`"${tag}" is not a tag`);
  }
  const parts = rest.split('/');
  let registry = 'docker.io';
  // The first part is a registry when it looks like a host: a dot, a port, or localhost.
  if (parts.length > 1 && (/[.:]/.test(parts[0]!) || parts[0] === 'localhost' || parts[0]!.startsWith('['))) {
    registry = parts.shift()!;
    if (!HOST.test(registry)) throw bad(`"${registry}" is not a registry host`);
  }
  if (registry === 'index.docker.io') registry = 'docker.io';
  if (registry === 'docker.io' && parts.length === 1) parts.unshift('library');
  if (!parts.length || !parts.every((p) => COMPONENT.test(p))) throw bad('the repository path must be lowercase letters, digits and . _ - separated by /');
  return { registry, repository: parts.join('/'), ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** `registry/repository[:tag][@digest]`. */
export function formatReference(r: ImageReference): string {
  return `${r.registry}/${r.repository}${r.tag ? `:${r.tag}` : ''}${r.digest ? `@${r.digest}` : ''}`;
}

/**
 * `REGISTRY[/path]` as `images --push` and `kubernetes.registry` take it: the host, and the
 * path every repository goes under.
 */
export function parseRegistryPrefix(text: string): { registry: string; path: string } {
  const [registry, ...path] = text.replace(/\/+$/, '').split('/');
  if (!registry || !HOST.test(registry) || !/[.:]|^localhost$|^\[/.test(registry)) {
    throw new StackError(`registry ${JSON.stringify(text)}: expected a host such as "registry.example.com", "127.0.0.1:5000" or "registry.example.com/team"`);
  }
  if (!path.every((p) => COMPONENT.test(p))) throw new StackError(`registry ${JSON.stringify(text)}: the path after the host must be lowercase letters, digits and . _ -`);
  return { registry, path: path.join('/') };
}

/** Where the registry's HTTP API answers: Docker Hub's is not docker.io itself. */
export function apiBase(registry: string): string {
  const host = registry === 'docker.io' ? 'registry-1.docker.io' : registry;
  return `${isLoopback(registry) ? 'http' : 'https'}://${host}`;
}

/**
 * Loopback registries speak plain HTTP, as Docker and podman assume for 127.0.0.0/8 and
 * localhost; every other registry is reached over HTTPS.
 */
export function isLoopback(registry: string): boolean {
  const host = registry.replace(/:\d+$/, '');
  return host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]';
}
