import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { zipSync } from 'fflate';
import * as tar from 'tar';
import { parseChecksums, pinReleases } from '../../src/artifacts/release-pins.js';
import { fetchRelease } from '../../src/artifacts/providers/release.js';
import { lokiArtifact } from '../../src/components/loki/artifact.js';
import { grafanaArtifact } from '../../src/components/grafana/artifact.js';
import { tempoArtifact } from '../../src/components/tempo/artifact.js';
import { prometheusArtifact } from '../../src/components/prometheus/artifact.js';
import { tempProject } from '../helpers.js';

/**
 * Release pins come from the checksum files upstream publishes, read here from a local
 * mirror that serves upstream's paths: the real component specs, archives this test makes.
 */
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const work = tempProject();
const lokiZip = Buffer.from(zipSync({ 'loki-linux-amd64': new TextEncoder().encode('#!/bin/sh\necho loki\n') }));
mkdirSync(join(work, 'g/grafana-v9.9.9/bin'), { recursive: true });
mkdirSync(join(work, 'g/grafana-v9.9.9/conf'));
mkdirSync(join(work, 'g/grafana-v9.9.9/public/emails'), { recursive: true });
writeFileSync(join(work, 'g/grafana-v9.9.9/bin/grafana'), '#!/bin/sh\necho grafana\n', { mode: 0o755 });
writeFileSync(join(work, 'g/grafana-v9.9.9/conf/defaults.ini'), '[server]\n');
writeFileSync(join(work, 'g/grafana-v9.9.9/public/emails/welcome.html'), '<p>hi</p>\n');
await tar.c({ gzip: true, file: join(work, 'grafana.tar.gz'), cwd: join(work, 'g'), portable: true }, ['grafana-v9.9.9']);
const grafanaTgz = readFileSync(join(work, 'grafana.tar.gz'));

const files: Record<string, Buffer | string> = {
  // Upstream lists only two of the four platforms.
  '/grafana/loki/releases/download/v9.9.9/SHA256SUMS': `${sha(lokiZip)}  loki-linux-amd64.zip\n${'ab'.repeat(32)}  loki-darwin-arm64.zip\n${'cd'.repeat(32)}  promtail-linux-amd64.zip\n`,
  '/grafana/loki/releases/download/v9.9.9/loki-linux-amd64.zip': lokiZip,
  '/oss/release/grafana-9.9.9.linux-amd64.tar.gz.sha256': `${sha(grafanaTgz)}\n`,
  '/oss/release/grafana-9.9.9.linux-amd64.tar.gz': grafanaTgz,
};
const server = createServer((req, res) => {
  const body = files[req.url ?? ''];
  if (body === undefined) return void res.writeHead(404).end();
  res.writeHead(200).end(body);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
after(() => server.close());
const mirror = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

test('sha256sum files and single-hash sidecars parse; junk is refused', () => {
  const h = 'a'.repeat(64);
  assert.deepEqual([...parseChecksums(`${h}  x.zip\n${h.toUpperCase()} *dist/y.tar.gz\n\n`)], [['x.zip', h], ['y.tar.gz', h]]);
  assert.deepEqual([...parseChecksums(`${h}\n`)], [['', h]]);
  assert.throws(() => parseChecksums('<html>Not Found</html>'), /no sha256 checksums/);
});

test('Loki pins come from SHA256SUMS, only for platforms upstream lists, and the pin fetches', async () => {
  const logs: string[] = [];
  const pins = await pinReleases('loki', lokiArtifact.release!('9.9.9')!, { mirror, log: (l) => logs.push(l) });
  assert.deepEqual(Object.keys(pins ?? {}).sort(), ['darwin-arm64', 'linux-amd64']);
  assert.deepEqual(pins!['linux-amd64'], {
    url: 'https://github.com/grafana/loki/releases/download/v9.9.9/loki-linux-amd64.zip',
    sha256: sha(lokiZip),
    binaries: { loki: 'loki-linux-amd64' },
  });
  assert.ok(logs.some((l) => /no linux-arm64 release pin/.test(l)), logs.join('\n'));
  const entry = await fetchRelease(pins!['linux-amd64']!, { storeDir: tempProject(), component: 'loki', version: '9.9.9', mirror });
  assert.deepEqual(Object.keys(entry.files), ['loki']);
});

test('Grafana pins come from .sha256 sidecars; the store entry is a home path (binary, conf, public)', async () => {
  const logs: string[] = [];
  const pins = await pinReleases('grafana', grafanaArtifact.release!('9.9.9')!, { mirror, log: (l) => logs.push(l) });
  assert.deepEqual(Object.keys(pins ?? {}), ['linux-amd64']);
  const entry = await fetchRelease(pins!['linux-amd64']!, { storeDir: tempProject(), component: 'grafana', version: '9.9.9', mirror });
  assert.deepEqual(Object.keys(entry.files).sort(), ['conf/defaults.ini', 'grafana', 'public/emails/welcome.html']);
});

test('an unreadable checksum file pins no release and says why; nothing is invented', async () => {
  const logs: string[] = [];
  const pins = await pinReleases('tempo', tempoArtifact.release!('9.9.9')!, { mirror, log: (l) => logs.push(l) });
  assert.equal(pins, undefined);
  assert.match(logs.join('\n'), /tempo: no release pins: cannot read .*\/grafana\/tempo\/releases\/download\/v9\.9\.9\/SHA256SUMS \(HTTP 404\)/);
});

test('pre-releases and commit builds have no release archives', () => {
  assert.equal(tempoArtifact.release!('2.8.0-rc.0-87c2dc3'), undefined);
  assert.equal(grafanaArtifact.release!('10.0.0-preview-81d85ce'), undefined);
  const p = prometheusArtifact.release!('3.15.0')!;
  assert.equal(p.checksums, 'https://github.com/prometheus/prometheus/releases/download/v3.15.0/sha256sums.txt');
  assert.deepEqual(p.archive('darwin-arm64')?.binaries, { prometheus: 'prometheus-3.15.0.darwin-arm64/prometheus', promtool: 'prometheus-3.15.0.darwin-arm64/promtool' });
});
