/**
 * Logical references inside a ServicePlan. A component never writes "127.0.0.1:3100" or
 * "/var/lib/loki": it writes `ref.endpoint('loki', 'http')` or `ref.dataDir()`, and each
 * target resolves the reference for its world (loopback natively, the service name in
 * Compose, `loki.<ns>.svc` in Kubernetes). References are branded plain objects so they
 * survive structured cloning and duplicate package copies.
 */
export type Ref =
  | { readonly $ref: 'endpoint'; readonly service: string; readonly port: string }
  | { readonly $ref: 'url'; readonly service: string; readonly port: string; readonly path: string }
  | { readonly $ref: 'bindHost' }
  | { readonly $ref: 'selfHost' }
  | { readonly $ref: 'listen'; readonly port: number }
  | { readonly $ref: 'configFile'; readonly path: string }
  | { readonly $ref: 'dataDir'; readonly volume: string; readonly path: string }
  | { readonly $ref: 'secretFile'; readonly secret: string }
  | { readonly $ref: 'addonDir'; readonly addon: string }
  | { readonly $ref: 'artifactDir' }
  | { readonly $ref: 'hostPath'; readonly path: string }
  | { readonly $ref: 'namespace' }
  | { readonly $ref: 'whenPlanned'; readonly service: string; readonly value: Value }
  | { readonly $ref: 'concat'; readonly parts: readonly (string | Ref)[] };

/** Plain data that may hold references anywhere: the content of a generated file. */
export type Value = string | number | boolean | null | Ref | readonly Value[] | { readonly [key: string]: Value | undefined };

/** A single string that may be built from references: arguments and environment values. */
export type Template = string | Ref;

export const ref = {
  /** `host:port` of another service (or this one), as seen by the other services. */
  endpoint: (service: string, port: string): Ref => ({ $ref: 'endpoint', service, port }),
  /** `http://host:port/path` of a service. */
  url: (service: string, port: string, path = ''): Ref => ({ $ref: 'url', service, port, path }),
  /** The address this service binds its listeners to (bare, as `http_listen_address` wants it). */
  bindHost: (): Ref => ({ $ref: 'bindHost' }),
  /**
   * A bare host at which this service reaches itself: its bind address, or loopback when it
   * binds every interface. What single-process ring members (Mimir, Pyroscope) advertise,
   * since the address they would detect (eth0) is not one they listen on when bound to loopback.
   */
  selfHost: (): Ref => ({ $ref: 'selfHost' }),
  /** `host:port` to listen on, IPv6 hosts bracketed (`[::1]:9090`). */
  listen: (port: number): Ref => ({ $ref: 'listen', port }),
  /** A file of this service's generated config (path relative to its config dir; '' is the dir). */
  configFile: (path = ''): Ref => ({ $ref: 'configFile', path }),
  /** A path inside one of this service's data volumes (the one named `data` by default). */
  dataDir: (path = '', volume = 'data'): Ref => ({ $ref: 'dataDir', volume, path }),
  /** A file holding the value of one of this service's secrets. */
  secretFile: (secret: string): Ref => ({ $ref: 'secretFile', secret }),
  /** The unpacked directory of one of this service's addons (see ServicePlan.addons). */
  addonDir: (addon: string): Ref => ({ $ref: 'addonDir', addon }),
  /** Where the component's artifact is installed (Grafana's homepath). */
  artifactDir: (): Ref => ({ $ref: 'artifactDir' }),
  /** Where a path of the host (`/proc`) is seen by this service: itself on the host, a read-only mount in a container (see HostAccess). */
  hostPath: (path: string): Ref => ({ $ref: 'hostPath', path }),
  /** The Kubernetes namespace the service runs in (only for services that run only in a cluster: ServicePlan.onlyIn). */
  namespace: (): Ref => ({ $ref: 'namespace' }),
  /**
   * An array element that exists only where the target runs `service` (Prometheus' scrape
   * job for a cluster-only service): dropped from the array elsewhere.
   */
  whenPlanned: (service: string, value: Value): Ref => ({ $ref: 'whenPlanned', service, value }),
};

/** Tagged template: t`--web.listen-address=${ref.bindHost()}:9090` keeps the reference. */
export function t(strings: TemplateStringsArray, ...values: (string | number | Ref)[]): Template {
  const parts: (string | Ref)[] = [];
  strings.forEach((s, i) => {
    if (s) parts.push(s);
    if (i < values.length) {
      const v = values[i]!;
      parts.push(typeof v === 'number' ? String(v) : v);
    }
  });
  if (parts.every((p) => typeof p === 'string')) return parts.join('');
  if (parts.length === 1) return parts[0]!;
  return { $ref: 'concat', parts };
}

export function isRef(v: unknown): v is Ref {
  return typeof v === 'object' && v !== null && typeof (v as { $ref?: unknown }).$ref === 'string';
}

/** Whether a reference is anywhere in a value: without one, resolving it gives the same for every target. */
export function containsRef(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (isRef(v)) return true;
  if (Array.isArray(v)) return v.some(containsRef);
  for (const k in v) if (containsRef((v as Record<string, unknown>)[k])) return true;
  return false;
}

/** How one target turns references into strings, for one service. */
export interface RefResolver {
  endpoint(service: string, port: string): string;
  url(service: string, port: string, path: string): string;
  bindHost(): string;
  configFile(path: string): string;
  dataDir(volume: string, path: string): string;
  secretFile(secret: string): string;
  artifactDir(): string;
  addonDir(addon: string): string;
  hostPath(path: string): string;
  /** The cluster namespace it runs in; targets without one throw. */
  namespace(): string;
  /** Whether the target runs this service (false for one it leaves out, see ServicePlan.onlyIn). */
  planned(service: string): boolean;
}

export function resolveRef(r: Ref, resolver: RefResolver): string {
  switch (r.$ref) {
    case 'endpoint':
      return resolver.endpoint(r.service, r.port);
    case 'url':
      return resolver.url(r.service, r.port, r.path);
    case 'bindHost':
      return resolver.bindHost();
    case 'selfHost': {
      const host = resolver.bindHost();
      return host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
    }
    case 'listen': {
      const host = resolver.bindHost();
      return `${host.includes(':') ? `[${host}]` : host}:${r.port}`;
    }
    case 'configFile':
      return resolver.configFile(r.path);
    case 'dataDir':
      return resolver.dataDir(r.volume, r.path);
    case 'secretFile':
      return resolver.secretFile(r.secret);
    case 'artifactDir':
      return resolver.artifactDir();
    case 'addonDir':
      return resolver.addonDir(r.addon);
    case 'hostPath':
      return resolver.hostPath(r.path);
    case 'namespace':
      return resolver.namespace();
    case 'whenPlanned':
      throw new Error(`ref.whenPlanned(${JSON.stringify(r.service)}) can only be an array element`);
    case 'concat':
      return r.parts.map((p) => (typeof p === 'string' ? p : resolveRef(p, resolver))).join('');
  }
}

/** Replaces every reference in a data tree; the result is plain serialisable data. */
export function resolveValue(value: Value | undefined, resolver: RefResolver): unknown {
  if (value === undefined || value === null || typeof value !== 'object') return value;
  if (isRef(value)) return resolveRef(value, resolver);
  if (Array.isArray(value)) {
    return (value as readonly Value[]).flatMap((v) => {
      if (!isRef(v) || v.$ref !== 'whenPlanned') return [resolveValue(v, resolver)];
      return resolver.planned(v.service) ? [resolveValue(v.value, resolver)] : [];
    });
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== undefined) out[k] = resolveValue(v as Value, resolver);
  }
  return out;
}

/** Resolves an argument or environment value. */
export function resolveTemplate(t: Template, resolver: RefResolver): string {
  return typeof t === 'string' ? t : resolveRef(t, resolver);
}
