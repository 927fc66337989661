import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { StackError } from '../core/errors.js';
import { registryCredentials, type Credentials } from './credentials.js';
import { apiBase } from './reference.js';

export interface RegistryResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The URL that answered (after redirects), to resolve relative `Location`s against. */
  readonly url: string;
}

export interface RequestOptions {
  readonly headers?: Readonly<Record<string, string>>;
  /** A buffer, or a stream of exactly `length` bytes (blob uploads). */
  readonly body?: Buffer | { readonly stream: () => Readable; readonly length: number };
  /** `pull` or `pull,push`: the scope a token is asked for on this repository. */
  readonly actions?: string;
}

export interface RegistryClientOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Credentials in place of the ones `docker login`/`podman login` stored. */
  readonly credentials?: Credentials;
  readonly timeoutMs?: number;
}

/**
 * A client of the OCI distribution API (`/v2/...`) of one registry, with the two ways
 * registries ask for authentication: `Basic` (the stored password is sent) and `Bearer`
 * (a token for the repository and actions is fetched from the realm the challenge names,
 * anonymously or with the stored credentials: Docker Hub's and registry.k8s.io's flow).
 * node's http(s) rather than fetch: uploads stream gigabyte layers with a Content-Length.
 */
export class RegistryClient {
  readonly registry: string;
  readonly base: string;
  readonly #env: NodeJS.ProcessEnv;
  readonly #timeoutMs: number;
  #credentials: Promise<Credentials | undefined> | undefined;
  /** Authorization header per scope, once a challenge was answered. */
  readonly #auth = new Map<string, string>();

  constructor(registry: string, o: RegistryClientOptions = {}) {
    this.registry = registry;
    this.base = apiBase(registry);
    this.#env = o.env ?? process.env;
    this.#timeoutMs = o.timeoutMs ?? 60_000;
    if (o.credentials) this.#credentials = Promise.resolve(o.credentials);
  }

  /** One API call on `repository` (path below `/v2/<repository>/`), authenticated as the registry asks. */
  async request(method: string, repository: string, path: string, o: RequestOptions = {}): Promise<RegistryResponse> {
    const scope = `repository:${repository}:${o.actions ?? 'pull'}`;
    const url = path.startsWith('http') ? path : `${this.base}/v2/${repository}/${path}`;
    let res = await this.#send(method, url, o, this.#auth.get(scope));
    if (res.status === 401) {
      this.#auth.set(scope, await this.#answer(String(res.headers['www-authenticate'] ?? ''), scope));
      res = await this.#send(method, url, o, this.#auth.get(scope));
    }
    if (res.status === 401 || res.status === 403) {
      throw new StackError(`${this.registry}: ${method} ${repository} refused (HTTP ${res.status}): ${errorText(res)}; log in with \`docker login ${this.registry}\` or \`podman login ${this.registry}\``, [], 1);
    }
    return res;
  }

  async #answer(challenge: string, scope: string): Promise<string> {
    const scheme = /^(\w+)\s*(.*)$/.exec(challenge.trim());
    const creds = await (this.#credentials ??= registryCredentials(this.registry, this.#env));
    if (scheme?.[1]?.toLowerCase() === 'basic') {
      if (!creds || !('username' in creds)) throw new StackError(`${this.registry} asks for a password and none is stored: \`docker login ${this.registry}\``, [], 1);
      return `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`;
    }
    if (scheme?.[1]?.toLowerCase() !== 'bearer') throw new StackError(`${this.registry}: unsupported authentication challenge ${JSON.stringify(challenge)}`, [], 1);
    const params = Object.fromEntries([...scheme[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    if (!params.realm) throw new StackError(`${this.registry}: a Bearer challenge without a realm`, [], 1);
    const realm = new URL(params.realm);
    let res: RegistryResponse;
    if (creds && 'identityToken' in creds) {
      // An identity token (`docker login` with a browser flow) is an OAuth2 refresh token.
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.identityToken, service: params.service ?? '', scope, client_id: 'grafana-stack' });
      res = await this.#send('POST', realm.href, { body: Buffer.from(form.toString()), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    } else {
      if (params.service) realm.searchParams.set('service', params.service);
      realm.searchParams.set('scope', scope);
      const basic = creds ? `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}` : undefined;
      res = await this.#send('GET', realm.href, {}, basic);
    }
    if (res.status !== 200) throw new StackError(`${this.registry}: the token service ${realm.origin} refused ${scope} (HTTP ${res.status}): ${errorText(res)}`, [], 1);
    const body = JSON.parse(res.body.toString('utf8')) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new StackError(`${this.registry}: the token service ${realm.origin} answered without a token`, [], 1);
    return `Bearer ${token}`;
  }

  /** One HTTP exchange; GET and HEAD follow redirects (blobs are often served from elsewhere). */
  async #send(method: string, url: string, o: RequestOptions, authorization?: string, hops = 0): Promise<RegistryResponse> {
    const u = new URL(url);
    const body = o.body;
    const headers: Record<string, string | number> = { 'user-agent': 'grafana-stack', ...o.headers };
    if (authorization) headers.authorization = authorization;
    if (body) headers['content-length'] = Buffer.isBuffer(body) ? body.length : body.length;
    else if (method === 'PUT' || method === 'POST') headers['content-length'] = 0;
    const res = await new Promise<RegistryResponse>((resolve, reject) => {
      const req = (u.protocol === 'http:' ? httpRequest : httpsRequest)(u, { method, headers, timeout: this.#timeoutMs }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('error', reject);
        r.on('end', () => resolve({ status: r.statusCode ?? 0, headers: r.headers, body: Buffer.concat(chunks), url: u.href }));
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.#timeoutMs / 1000} s`)));
      req.on('error', (e: NodeJS.ErrnoException) => reject(new StackError(`cannot reach the registry ${this.registry} at ${u.origin}: ${e.code ?? e.message}`, [], 3)));
      if (!body) req.end();
      else if (Buffer.isBuffer(body)) req.end(body);
      else body.stream().on('error', (e) => req.destroy(e)).pipe(req);
    });
    const location = res.headers.location;
    if ((method === 'GET' || method === 'HEAD') && res.status >= 300 && res.status < 400 && location && hops < 5) {
      // The redirect target (object storage) must not receive the registry's credentials.
      const next = new URL(location, u);
      return this.#send(method, next.href, o, next.origin === u.origin ? authorization : undefined, hops + 1);
    }
    return res;
  }
}

/** The registry's error message (`{"errors":[{"code","message"}]}`), or the status line. */
export function errorText(res: RegistryResponse): string {
  try {
    const errors = (JSON.parse(res.body.toString('utf8')) as { errors?: { code?: string; message?: string }[] }).errors ?? [];
    if (errors.length) return errors.map((e) => [e.code, e.message].filter(Boolean).join(': ')).join('; ');
  } catch {
    // not JSON
  }
  return res.body.toString('utf8').trim().slice(0, 200) || `HTTP ${res.status}`;
}
