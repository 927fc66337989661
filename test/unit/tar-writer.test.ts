import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { list } from 'tar';
import { writeTar, type LayerEntry } from '../../src/images/tar-writer.js';
import { derBundleToPem } from '../../src/images/base.js';
import { revision, sourceUrl } from '../../src/images/build.js';
import { cpus, memoryBytes } from '../../src/targets/quantity.js';
import { tempProject } from '../helpers.js';

const longPath = `opt/grafana/public/${'deeply-nested-directory/'.repeat(8)}file.js`;
const entries: LayerEntry[] = [
  { type: 'file', path: 'etc/passwd', mode: 0o644, content: Buffer.from('root:x:0:0::/root:/sbin/nologin\n') },
  { type: 'dir', path: 'tmp', mode: 0o1777 },
  { type: 'dir', path: 'var/lib/loki', mode: 0o750, uid: 65532, gid: 65532 },
  { type: 'dir', path: 'etc', mode: 0o755 },
  { type: 'file', path: longPath, mode: 0o644, content: Buffer.from('x') },
  { type: 'symlink', path: 'etc/localtime', target: '/usr/share/zoneinfo/UTC' },
];

async function listed(file: string): Promise<{ path: string; mode: number; uid: number; gid: number; mtime: number; type: string }[]> {
  const out: { path: string; mode: number; uid: number; gid: number; mtime: number; type: string }[] = [];
  await list({ file, onReadEntry: (e) => out.push({ path: e.path, mode: e.mode ?? 0, uid: e.uid ?? -1, gid: e.gid ?? -1, mtime: e.mtime?.getTime() ?? -1, type: e.type }) });
  return out;
}

test('writeTar: same entries in any order give the same bytes and digest', async () => {
  const dir = tempProject();
  const a = await writeTar(join(dir, 'a.tar'), entries);
  const b = await writeTar(join(dir, 'b.tar'), [...entries].reverse());
  assert.equal(a.digest, b.digest);
  assert.deepEqual(readFileSync(join(dir, 'a.tar')), readFileSync(join(dir, 'b.tar')));
  assert.match(a.digest, /^sha256:[0-9a-f]{64}$/);
  assert.equal(a.size, readFileSync(join(dir, 'a.tar')).length);
  const c = await writeTar(join(dir, 'c.tar'), [...entries, { type: 'dir', path: 'run', mode: 0o755 }]);
  assert.notEqual(c.digest, a.digest);
});

test('writeTar: sorted entries, epoch mtimes, fixed owners, modes kept, long paths intact', async () => {
  const dir = tempProject();
  await writeTar(join(dir, 'a.tar'), entries);
  const got = await listed(join(dir, 'a.tar'));
  assert.deepEqual(
    got.map((e) => e.path),
    ['etc/', 'etc/localtime', 'etc/passwd', longPath, 'tmp/', 'var/lib/loki/'],
  );
  for (const e of got) assert.equal(e.mtime, 0, e.path);
  const byPath = new Map(got.map((e) => [e.path, e]));
  assert.equal(byPath.get('tmp/')!.mode & 0o7777, 0o1777);
  assert.equal(byPath.get('var/lib/loki/')!.uid, 65532);
  assert.equal(byPath.get('var/lib/loki/')!.gid, 65532);
  assert.equal(byPath.get('etc/passwd')!.uid, 0);
  assert.equal(byPath.get('etc/localtime')!.type, 'SymbolicLink');
});

test('writeTar: a duplicate path is refused', async () => {
  const dir = tempProject();
  await assert.rejects(writeTar(join(dir, 'a.tar'), [...entries, { type: 'dir', path: 'tmp/', mode: 0o755 }]), /duplicate layer entry tmp\//);
});

test('derBundleToPem splits concatenated DER certificates and refuses garbage', async () => {
  const { X509Certificate } = await import('node:crypto');
  const { rootCertificates } = await import('node:tls');
  const ders = rootCertificates.slice(0, 3).map((pem) => Buffer.from(new X509Certificate(pem).raw));
  const pem = derBundleToPem(Buffer.concat(ders));
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  assert.equal(blocks.length, 3);
  assert.deepEqual(Buffer.from(new X509Certificate(blocks[1]!).raw), ders[1]);
  assert.throws(() => derBundleToPem(Buffer.from([1, 2, 3])), /no certificate at byte 0/);
});

test('image labels: source URL from the module path, revision from a pseudo-version', () => {
  assert.equal(sourceUrl('k8s.io/kube-state-metrics/v2'), 'https://k8s.io/kube-state-metrics');
  assert.equal(sourceUrl('github.com/prometheus/prometheus'), 'https://github.com/prometheus/prometheus');
  assert.equal(revision('v1.5.1-0.20250529124718-87c2dc380cec'), '87c2dc380cec');
  assert.equal(revision('v1.9.2-0.20230609164553-81d85ce8028d'), '81d85ce8028d');
  assert.equal(revision('v0.0.0-20230609164553-81d85ce8028d'), '81d85ce8028d');
  assert.equal(revision('v3.7.8'), 'v3.7.8');
});

test('quantities: Kubernetes units to Docker and systemd spellings', () => {
  assert.equal(cpus('500m'), 0.5);
  assert.equal(cpus('2'), 2);
  assert.equal(memoryBytes('512Mi'), '512m');
  assert.equal(memoryBytes('1Gi', true), '1G');
  assert.equal(memoryBytes('1048576'), '1m');
  assert.equal(memoryBytes('1.5Gi', true), '1536M');
  assert.equal(memoryBytes('1G'), '1000000000');
  assert.equal(cpus('1.5'), 1.5);
});
