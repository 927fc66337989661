import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import { tempProject } from '../helpers.js';
import { RegistryClient } from '../../src/registry/client.js';
import { registryCredentials } from '../../src/registry/credentials.js';
import { resolveDigest } from '../../src/registry/manifests.js';
import { formatReference, parseReference, parseRegistryPrefix } from '../../src/registry/reference.js';
import { pinImages } from '../../src/artifacts/image-pins.js';
import { resolveStack } from '../../src/resolve/resolve.js';

/**
 * The registry client's protocol, offline: references as engines read them, credentials
 * where `docker login`/`podman login` leave them, and the authentication handshakes of a
 * registry on 127.0.0.1 that answers like Docker Hub (Bearer tokens from a realm) or like a
 * private registry (Basic). Pushes and pulls against a real registry are in push.test.ts.
 */

test('references: Docker Hub is implicit, library/ for official images, tags and digests kept', () => {
  const d = `sha256:${'a'.repeat(64)}`;
  assert.deepEqual(parseReference('caddy:2.11.9'), { registry: 'docker.io', repository: 'library/caddy', tag: '2.11.9' });
  assert.deepEqual(parseReference('grafana/loki:3.7.8'), { registry: 'docker.io', repository: 'grafana/loki', tag: '3.7.8' });
  assert.deepEqual(parseReference(`registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.20.0@${d}`), {
    registry: 'registry.k8s.io',
    repository: 'kube-state-metrics/kube-state-metrics',
    tag: 'v2.20.0',
    digest: d,
  });
  assert.deepEqual(parseReference('127.0.0.1:5000/prometheus:3.16.0'), { registry: '127.0.0.1:5000', repository: 'prometheus', tag: '3.16.0' });
  assert.deepEqual(parseReference('localhost/grafana-stack/loki:3.7.8'), { registry: 'localhost', repository: 'grafana-stack/loki', tag: '3.7.8' });
  assert.equal(formatReference(parseReference('index.docker.io/prom/prometheus:v3.16.0')), 'docker.io/prom/prometheus:v3.16.0');
  assert.throws(() => parseReference('Grafana/Loki:1'), /lowercase/);
  assert.throws(() => parseReference('grafana/loki@sha256:xyz'), /digest/);
  assert.deepEqual(parseRegistryPrefix('127.0.0.1:5000/obs/team'), { registry: '127.0.0.1:5000', path: 'obs/team' });
  assert.throws(() => parseRegistryPrefix('obs'), /expected a host/);
});

test('credentials: podman auth.json first, then Docker config, its credential helpers, and Docker Hub\'s several names', async () => {
  const home = tempProject();
  const docker = join(home, 'docker');
  mkdirSync(docker);
  const auth = (u: string, p: string) => Buffer.from(`${u}:${p}`).toString('base64');
  writeFileSync(join(docker, 'config.json'), JSON.stringify({ auths: { 'https://index.docker.io/v1/': { auth: auth('hubuser', 'hubpass') }, 'r.example.com': { auth: auth('ruser', 'r:pass') } } }));
  const env = { PATH: process.env.PATH, HOME: home, DOCKER_CONFIG: docker };
  assert.deepEqual(await registryCredentials('docker.io', env), { username: 'hubuser', password: 'hubpass' });
  assert.deepEqual(await registryCredentials('r.example.com', env), { username: 'ruser', password: 'r:pass' });
  assert.equal(await registryCredentials('other.example.com', env), undefined);

  writeFileSync(join(home, 'auth.json'), JSON.stringify({ auths: { 'r.example.com': { auth: auth('podmanuser', 'pp') } } }));
  assert.deepEqual(await registryCredentials('r.example.com', { ...env, REGISTRY_AUTH_FILE: join(home, 'auth.json') }), { username: 'podmanuser', password: 'pp' });

  // A credential helper, by the docker-credential-helpers protocol (server URL on stdin).
  const bin = join(home, 'bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'docker-credential-gstest'),
    '#!/bin/sh\nread server\ncase "$server" in\n  helper.example.com) echo \'{"ServerURL":"helper.example.com","Username":"helped","Secret":"s3cret"}\' ;;\n  token.example.com) echo \'{"Username":"<token>","Secret":"refresh-me"}\' ;;\n  *) echo "credentials not found in native keychain"; exit 1 ;;\nesac\n',
  );
  chmodSync(join(bin, 'docker-credential-gstest'), 0o755);
  writeFileSync(join(docker, 'config.json'), JSON.stringify({ credHelpers: { 'helper.example.com': 'gstest', 'token.example.com': 'gstest' }, credsStore: 'gstest' }));
  const withHelper = { ...env, PATH: `${bin}:${process.env.PATH}` };
  assert.deepEqual(await registryCredentials('helper.example.com', withHelper), { username: 'helped', password: 's3cret' });
  assert.deepEqual(await registryCredentials('token.example.com', withHelper), { identityToken: 'refresh-me' });
  assert.equal(await registryCredentials('nobody.example.com', withHelper), undefined, '"credentials not found" is no credentials, not an error');
  await assert.rejects(registryCredentials('helper.example.com', { ...env, PATH: '/nonexistent' }), /docker-credential-gstest is named in the Docker config but is not on PATH/);
});

/** A registry that answers like Docker Hub: 401 with a Bearer challenge, tokens from its realm. */
interface FakeRegistry {
  readonly host: string;
  readonly requests: string[];
  readonly tokenAuth: (string | undefined)[];
}
const servers: Server[] = [];
after(() => servers.forEach((s) => s.close()));

async function fakeRegistry(o: { scheme: 'bearer' | 'basic'; manifests: Record<string, Buffer>; digestHeader?: boolean }): Promise<FakeRegistry> {
  const requests: string[] = [];
  const tokenAuth: (string | undefined)[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url!, 'http://x');
    requests.push(`${req.method} ${url.pathname}`);
    if (url.pathname === '/token') {
      tokenAuth.push(req.headers.authorization);
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ token: `tok-${url.searchParams.get('scope')}` }));
    }
    const m = /^\/v2\/(.+)\/manifests\/(.+)$/.exec(url.pathname);
    const auth = req.headers.authorization ?? '';
    const ok = o.scheme === 'bearer' ? auth === `Bearer tok-repository:${m?.[1]}:pull` : auth === `Basic ${Buffer.from('u:p').toString('base64')}`;
    if (!ok) {
      res.statusCode = 401;
      res.setHeader('www-authenticate', o.scheme === 'bearer' ? `Bearer realm="http://${host}/token",service="fake.test",scope="repository:${m?.[1]}:pull"` : 'Basic realm="fake"');
      return res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }));
    }
    const body = m && o.manifests[`${m[1]}:${m[2]}`];
    if (!body) {
      res.statusCode = 404;
      return res.end(JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }));
    }
    res.setHeader('content-type', 'application/vnd.oci.image.index.v1+json');
    if (o.digestHeader !== false) res.setHeader('docker-content-digest', `sha256:${createHash('sha256').update(body).digest('hex')}`);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const host = `127.0.0.1:${(server.address() as { port: number }).port}`;
  return { host, requests, tokenAuth };
}

const index = (n: number) => Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [], n }));
const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

test('Bearer: an anonymous token for the repository from the realm, then the digest from the header', async () => {
  const reg = await fakeRegistry({ scheme: 'bearer', manifests: { 'library/caddy:2.11.9': index(1) } });
  const client = new RegistryClient(reg.host, { env: { HOME: tempProject() } });
  assert.equal(await resolveDigest(client, 'library/caddy', '2.11.9'), sha(index(1)));
  assert.deepEqual(reg.requests, ['HEAD /v2/library/caddy/manifests/2.11.9', 'GET /token', 'HEAD /v2/library/caddy/manifests/2.11.9']);
  assert.deepEqual(reg.tokenAuth, [undefined], 'anonymous: no credentials are stored');
  await assert.rejects(resolveDigest(client, 'library/caddy', '9.9.9'), /does not exist \(HTTP 404\)/);
});

test('Bearer with stored credentials: the token service gets them, the registry never does', async () => {
  const reg = await fakeRegistry({ scheme: 'bearer', manifests: { 'grafana/loki:3.7.8': index(2) } });
  const client = new RegistryClient(reg.host, { credentials: { username: 'u', password: 'p' } });
  assert.equal(await resolveDigest(client, 'grafana/loki', '3.7.8'), sha(index(2)));
  assert.deepEqual(reg.tokenAuth, [`Basic ${Buffer.from('u:p').toString('base64')}`]);
});

test('Basic: the stored password; none stored is a clear error; no digest header: the manifest is hashed', async () => {
  const reg = await fakeRegistry({ scheme: 'basic', manifests: { 'prom/prometheus:v3.16.0': index(3) }, digestHeader: false });
  assert.equal(await resolveDigest(new RegistryClient(reg.host, { credentials: { username: 'u', password: 'p' } }), 'prom/prometheus', 'v3.16.0'), sha(index(3)));
  await assert.rejects(resolveDigest(new RegistryClient(reg.host, { env: { HOME: tempProject() } }), 'prom/prometheus', 'v3.16.0'), /asks for a password and none is stored: `docker login 127\.0\.0\.1:\d+`/);
  await assert.rejects(resolveDigest(new RegistryClient(reg.host, { credentials: { username: 'u', password: 'wrong' } }), 'prom/prometheus', 'v3.16.0'), /HEAD prom\/prometheus refused \(HTTP 401\)/);
});

test('lock pins every enabled official image from a mirror; an unreachable registry is given up at once and pins nothing', async () => {
  const stack = await resolveStack({ alertmanager: {} });
  const manifests = Object.fromEntries(['grafana/grafana:13.2.3', 'prom/prometheus:v3.16.0', 'grafana/loki:3.7.8', 'grafana/tempo:3.1.0', 'prom/alertmanager:v0.35.0'].map((r, i) => [r, index(10 + i)]));
  const reg = await fakeRegistry({ scheme: 'bearer', manifests });
  const logs: string[] = [];
  const pins = await pinImages(stack, undefined, { update: false, mirror: reg.host, env: { HOME: tempProject() }, log: (l) => logs.push(l) });
  assert.deepEqual(Object.keys(pins).sort(), ['alertmanager', 'grafana', 'loki', 'prometheus', 'tempo']);
  assert.deepEqual(pins.prometheus, { ref: 'docker.io/prom/prometheus', tag: 'v3.16.0', digest: sha(manifests['prom/prometheus:v3.16.0']!) });
  assert.deepEqual(pins.grafana!.tag, '13.2.3');
  // Kept as they are while the tag is the same; a pin of a disabled component is kept too.
  const again = await pinImages(stack, { ...pins, mimir: { ref: 'docker.io/grafana/mimir', tag: '3.2.1', digest: sha(index(99)) } }, { update: false, mirror: '127.0.0.1:1', log: () => undefined });
  assert.deepEqual(again, { ...pins, mimir: { ref: 'docker.io/grafana/mimir', tag: '3.2.1', digest: sha(index(99)) } });

  const offline: string[] = [];
  const started = Date.now();
  const none = await pinImages(stack, undefined, { update: true, mirror: '127.0.0.1:1', log: (l) => offline.push(l) });
  assert.deepEqual(none, {});
  assert.ok(Date.now() - started < 5000, 'no waiting on each image in turn');
  assert.equal(offline.length, 5);
  assert.ok(offline.every((l) => /not pinning 127\.0\.0\.1:1\/.*cannot reach the registry 127\.0\.0\.1:1/.test(l)), offline.join('\n'));
});
