import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { zipSync } from 'fflate';
import * as tar from 'tar';
import { fetchRelease } from '../../src/artifacts/providers/release.js';
import { mirrorUrl } from '../../src/artifacts/transport.js';
import { scratchEntries } from '../../src/artifacts/scratch.js';
import { isStackError } from '../../src/core/errors.js';
import { tempProject } from '../helpers.js';

/**
 * The release provider against a local HTTP server serving archives this test makes: a
 * tar.gz and a zip, a corrupt archive, a server that fails once, and one that drops the
 * connection halfway (the download resumes with a Range request).
 */
const work = tempProject();
const script = '#!/bin/sh\necho "loki, version 3.7.8"\n';
mkdirSync(join(work, 'src'));
writeFileSync(join(work, 'src/loki-linux-amd64'), script, { mode: 0o755 });
await tar.c({ gzip: true, file: join(work, 'loki.tar.gz'), cwd: join(work, 'src'), portable: true }, ['loki-linux-amd64']);
const tgz = readFileSync(join(work, 'loki.tar.gz'));
const zip = Buffer.from(zipSync({ 'loki-linux-amd64': new TextEncoder().encode(script) }));
const big = Buffer.concat([tgz, Buffer.alloc(0)]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const hits: Record<string, number> = {};
const server = createServer((req: IncomingMessage, res: ServerResponse) => {
  const path = req.url ?? '';
  hits[path] = (hits[path] ?? 0) + 1;
  const send = (body: Buffer) => {
    const range = /bytes=(\d+)-/.exec(req.headers.range ?? '');
    if (range && path.includes('resume')) {
      const from = Number(range[1]);
      res.writeHead(206, { 'content-length': body.length - from, 'content-range': `bytes ${from}-${body.length - 1}/${body.length}` });
      res.end(body.subarray(from));
      return;
    }
    res.writeHead(200, { 'content-length': body.length });
    res.end(body);
  };
  if (path.endsWith('/good/loki.tar.gz')) return send(tgz);
  if (path.endsWith('/good/loki.zip')) return send(zip);
  if (path.endsWith('/good/mimir-linux-amd64')) return send(Buffer.from(script));
  if (path.endsWith('/corrupt/loki.tar.gz')) return send(Buffer.concat([tgz.subarray(0, -3), Buffer.from('xyz')]));
  if (path.endsWith('/flaky/loki.tar.gz')) {
    if (hits[path] === 1) return void res.writeHead(503).end();
    return send(tgz);
  }
  if (path.endsWith('/resume/loki.tar.gz')) {
    if (hits[path] === 1) {
      res.writeHead(200, { 'content-length': big.length });
      res.write(big.subarray(0, Math.floor(big.length / 2)));
      return void res.socket?.destroy();
    }
    return send(big);
  }
  res.writeHead(404).end();
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
after(() => server.close());
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

function fetchFrom(path: string, sum: string, extra: { mirror?: string } = {}) {
  const store = tempProject();
  return {
    store,
    run: () =>
      fetchRelease(
        { url: `${base}${path}`, sha256: sum, binaries: { loki: 'loki-linux-amd64' } },
        { storeDir: store, component: 'loki', version: '3.7.8', backoffMs: 10, ...extra },
      ),
  };
}

test('a tar.gz release is downloaded, verified and its binary stored and runnable', async () => {
  const { run } = fetchFrom('/good/loki.tar.gz', sha(tgz));
  const e = await run();
  assert.equal(execFileSync(join(e.dir, 'loki'), { encoding: 'utf8' }).trim(), 'loki, version 3.7.8');
  assert.equal(statSync(join(e.dir, 'loki')).mode & 0o777, 0o555);
  const again = await run();
  assert.equal(again.dir, e.dir, 'a second fetch reuses the store entry');
});

test('a zip release works the same way', async () => {
  const e = await fetchFrom('/good/loki.zip', sha(zip)).run();
  assert.equal(readFileSync(join(e.dir, 'loki'), 'utf8'), script);
});

test('a corrupt archive is refused and nothing is stored', async () => {
  const { store, run } = fetchFrom('/corrupt/loki.tar.gz', sha(tgz));
  await assert.rejects(run(), (e: unknown) => isStackError(e) && /does not match the pinned .*refusing to use it/.test(e.message));
  assert.deepEqual(readdirSync(store).filter((f) => !f.startsWith('.')), []);
  assert.deepEqual(readdirSync(join(store, '.downloads')), [], 'the bad download is deleted');
  assert.deepEqual(scratchEntries(store), [], 'no scratch left behind');
});

test('a failing server is retried', async () => {
  const e = await fetchFrom('/flaky/loki.tar.gz', sha(tgz)).run();
  assert.ok(e.files.loki);
  assert.equal(hits['/flaky/loki.tar.gz'], 2);
});

test('an interrupted download resumes with a Range request', async () => {
  const e = await fetchFrom('/resume/loki.tar.gz', sha(big)).run();
  assert.ok(e.files.loki);
  assert.equal(hits['/resume/loki.tar.gz'], 2);
});

test('a mirror keeps each file at <mirror>/<host>/<path>: an http base or a local directory', async () => {
  assert.equal(mirrorUrl('https://github.com/grafana/loki/releases/download/v3.7.8/loki.zip', 'http://mirror.local/up/'), 'http://mirror.local/up/github.com/grafana/loki/releases/download/v3.7.8/loki.zip');
  assert.equal(mirrorUrl('https://dl.grafana.com/grafana/release/x.tar.gz', '/srv/mirror'), 'file:///srv/mirror/dl.grafana.com/grafana/release/x.tar.gz');
  const e = await fetchFrom('/unused/path/good/loki.tar.gz', sha(tgz), { mirror: `${base}/mirror` }).run();
  assert.ok(e.files.loki);
  // The same file from a directory laid out the same way, with progress reported as it is read.
  const dir = tempProject();
  mkdirSync(join(dir, `127.0.0.1:${new URL(base).port}`, 'x'), { recursive: true });
  writeFileSync(join(dir, `127.0.0.1:${new URL(base).port}`, 'x', 'loki.tar.gz'), tgz);
  const seen: number[] = [];
  const store = tempProject();
  const local = await fetchRelease({ url: `${base}/x/loki.tar.gz`, sha256: sha(tgz), binaries: { loki: 'loki-linux-amd64' } }, { storeDir: store, component: 'loki', version: '3.7.8', mirror: dir, progress: (r) => seen.push(r) });
  assert.ok(local.files.loki);
  assert.equal(seen.at(-1), tgz.length);
});

test('a missing archive fails at once with the URL', async () => {
  await assert.rejects(fetchFrom('/nope/loki.tar.gz', sha(tgz)).run(), /loki: http:\/\/127\.0\.0\.1:\d+\/nope\/loki\.tar\.gz is not served \(HTTP 404\)/);
});

test('no network: the error names the URL and the two ways out, and nothing is left in the store', async () => {
  const store = tempProject();
  const err = await fetchRelease({ url: 'https://unreachable.invalid/loki.tar.gz', sha256: sha(tgz), binaries: { loki: 'loki-linux-amd64' } }, { storeDir: store, component: 'loki', version: '3.7.8', backoffMs: 1 }).catch((e: Error) => e);
  assert.ok(isStackError(err), String(err));
  assert.match(err.message, /loki: cannot reach https:\/\/unreachable\.invalid\/loki\.tar\.gz \(ENOTFOUND\)/);
  assert.match(err.message, /--mirror DIR\|URL or GRAFANA_STACK_MIRROR/);
  assert.match(err.message, /grafana-stack fetch --from system loki/);
  assert.deepEqual(scratchEntries(store), []);
});

test('a sha512 pin (Caddy publishes only those) is checked the same way', async () => {
  const sha512 = createHash('sha512').update(tgz).digest('hex');
  const store = tempProject();
  const e = await fetchRelease({ url: `${base}/good/loki.tar.gz`, sha512, binaries: { loki: 'loki-linux-amd64' } }, { storeDir: store, component: 'loki', version: '3.7.8' });
  assert.ok(e.files.loki);
  await assert.rejects(
    fetchRelease({ url: `${base}/good/loki.tar.gz`, sha512: 'f'.repeat(128), binaries: { loki: 'loki-linux-amd64' } }, { storeDir: tempProject(), component: 'loki', version: '3.7.9' }),
    /sha512 [0-9a-f]{128} does not match the pinned f{128}/,
  );
});

test('a bare binary (Mimir publishes those) and the tools published beside the server land in one entry', async () => {
  const store = tempProject();
  const e = await fetchRelease(
    { url: `${base}/good/mimir-linux-amd64`, sha256: sha(Buffer.from(script)), binaries: { mimir: 'mimir-linux-amd64' }, tools: [{ url: `${base}/good/loki.zip`, sha256: sha(zip), binaries: { logcli: 'loki-linux-amd64' } }] },
    { storeDir: store, component: 'mimir', version: '3.2.1' },
  );
  assert.deepEqual(Object.keys(e.files).sort(), ['logcli', 'mimir']);
  assert.equal(execFileSync(join(e.dir, 'mimir'), { encoding: 'utf8' }).trim(), 'loki, version 3.7.8');
});

test('a killed process leaves scratch entries that the next run removes', async () => {
  const { cleanStale } = await import('../../src/artifacts/scratch.js');
  const store = tempProject();
  // A pid that does not run (the largest pid Linux hands out is below 2^22).
  mkdirSync(join(store, '.tmp-4194399-abc'));
  mkdirSync(join(store, '.downloads'));
  writeFileSync(join(store, '.downloads', 'x.tar.gz.part-4194398'), 'half');
  mkdirSync(join(store, `.extract-${process.pid}-live`));
  const removed = await cleanStale(store);
  assert.deepEqual(removed.map((p) => p.slice(store.length + 1)).sort(), ['.downloads/x.tar.gz.part-4194398', '.tmp-4194399-abc']);
  assert.ok(readdirSync(store).includes(`.extract-${process.pid}-live`), "this process's own scratch is left alone");
});
