import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseChecksums, parseDownloadApi, pinReleases } from '../../src/artifacts/release-pins.js';
import { fetchRelease } from '../../src/artifacts/providers/release.js';
import { COMPONENT_LIST } from '../../src/components/registry.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';
import { tempProject } from '../helpers.js';
import { ALL_PLATFORMS, standIn, writeUpstreamMirror, type MirrorSpec } from '../fixtures/upstream-mirror.js';

/**
 * Every component's release spec at its pinned version, against a local mirror that lays
 * out each vendor's files as upstream does (test/fixtures/upstream-mirror.ts, written from
 * ../shared/UPSTREAM.md, not from the component code). The binaries in it are STAND-INS
 * (scripts printing a version line): what is tested here is the archive layout, the
 * checksum files and the store entry, not the components themselves.
 */
const v = DEFAULT_VERSIONS;
const si = (c: string, ...names: string[]) => Object.fromEntries(names.map((n) => [n, standIn(n, c)]));
const spec: MirrorSpec = {
  prometheus: { version: v.prometheus, binaries: si(v.prometheus, 'prometheus', 'promtool') },
  alertmanager: { version: v.alertmanager, binaries: si(v.alertmanager, 'alertmanager', 'amtool') },
  'node-exporter': { version: v['node-exporter'], binaries: si(v['node-exporter'], 'node_exporter') },
  proxy: { version: v.proxy, binaries: si(v.proxy, 'caddy') },
  grafana: { version: v.grafana, binaries: si(v.grafana, 'grafana') },
  loki: { version: v.loki, binaries: si(v.loki, 'loki', 'logcli') },
  // Tempo 3.0.x publishes no darwin build (grafana/tempo v3.0.3 .goreleaser.yml).
  tempo: { version: v.tempo, binaries: si(v.tempo, 'tempo', 'tempo-cli', 'tempo-query'), platforms: ['linux-amd64', 'linux-arm64'] },
  mimir: { version: v.mimir, binaries: si(v.mimir, 'mimir', 'mimirtool') },
  pyroscope: { version: v.pyroscope, binaries: si(v.pyroscope, 'pyroscope', 'profilecli') },
  alloy: { version: v.alloy, binaries: si(v.alloy, 'alloy') },
};
const mirror = await writeUpstreamMirror(tempProject(), spec);

/** What each component's store entry must hold, binaries first. */
const EXPECTED: Record<string, string[]> = {
  prometheus: ['prometheus', 'promtool'],
  alertmanager: ['alertmanager', 'amtool'],
  'node-exporter': ['node_exporter'],
  proxy: ['caddy'],
  grafana: ['grafana', 'conf/defaults.ini', 'public/build/index.html', 'LICENSE', 'VERSION'],
  loki: ['loki', 'logcli'],
  tempo: ['tempo', 'tempo-cli'],
  mimir: ['mimir', 'mimirtool'],
  pyroscope: ['pyroscope', 'profilecli'],
  alloy: ['alloy'],
};

for (const def of COMPONENT_LIST.filter((d) => d.artifact?.release)) {
  test(`${def.name} ${(v as Record<string, string>)[def.name]}: pinned from upstream's checksums for every platform it publishes, and the linux-amd64 pin fetches (stand-in binaries)`, async () => {
    const version = (v as Record<string, string>)[def.name]!;
    const logs: string[] = [];
    const pins = await pinReleases(def.name, def.artifact!.release!(version)!, { mirror, log: (l) => logs.push(l) });
    const published = (spec as Record<string, { platforms?: readonly string[] }>)[def.name]?.platforms ?? ALL_PLATFORMS;
    assert.deepEqual(Object.keys(pins).sort(), [...published].sort(), logs.join('\n'));
    for (const p of ALL_PLATFORMS.filter((x) => !published.includes(x))) assert.ok(logs.some((l) => l.includes(`no ${p} pin`)), logs.join('\n'));
    const pin = pins['linux-amd64']!;
    assert.ok(pin.url.startsWith('https://'), 'the lock keeps the upstream URL, never the mirror');
    const entry = await fetchRelease(pin, { storeDir: tempProject(), component: def.name, version, mirror });
    for (const f of EXPECTED[def.name]!) assert.ok(f in entry.files, `${f} in ${Object.keys(entry.files).join(', ')}`);
    // The server stand-in runs from the store and reports the pinned version.
    const server = def.artifact!.binaries[0]!;
    assert.match(execFileSync(join(entry.dir, server), { encoding: 'utf8' }), new RegExp(`version ${version.replaceAll('.', '\\.')} \\(stand-in\\)`));
  });
}

test('Caddy is pinned by SHA-512 (all upstream publishes) and darwin is spelt mac', async () => {
  const pins = await pinReleases('proxy', COMPONENT_LIST.find((d) => d.name === 'proxy')!.artifact!.release!(v.proxy)!, { mirror });
  assert.match(pins['darwin-arm64']!.url, /caddy_2\.11\.9_mac_arm64\.tar\.gz$/);
  assert.match(pins['linux-amd64']!.sha512 ?? '', /^[0-9a-f]{128}$/);
  assert.equal(pins['linux-amd64']!.sha256, undefined);
});

test("Grafana's URL and sha256 come from grafana.com's API: the archive name carries a build id; docs/ and bin/ stay out of the home", async () => {
  const pins = await pinReleases('grafana', COMPONENT_LIST.find((d) => d.name === 'grafana')!.artifact!.release!(v.grafana)!, { mirror });
  assert.equal(pins['linux-amd64']!.url, `https://dl.grafana.com/grafana/release/${v.grafana}/grafana_${v.grafana}_36482603486_linux_amd64.tar.gz`);
  const entry = await fetchRelease(pins['linux-amd64']!, { storeDir: tempProject(), component: 'grafana', version: v.grafana, mirror });
  assert.ok(!Object.keys(entry.files).some((f) => f.startsWith('docs/') || f.startsWith('bin/')), Object.keys(entry.files).join(', '));
});

test('tampered bytes in the mirror are refused at fetch time', async () => {
  const m = await writeUpstreamMirror(tempProject(), { 'node-exporter': spec['node-exporter']! });
  const pins = await pinReleases('node-exporter', COMPONENT_LIST.find((d) => d.name === 'node-exporter')!.artifact!.release!(v['node-exporter'])!, { mirror: m });
  const file = join(m, new URL(pins['linux-amd64']!.url).host, new URL(pins['linux-amd64']!.url).pathname);
  writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.from('x')]));
  await assert.rejects(fetchRelease(pins['linux-amd64']!, { storeDir: tempProject(), component: 'node-exporter', version: v['node-exporter'], mirror: m }), /sha256 [0-9a-f]{64} does not match the pinned .*refusing to use it/);
});

test('a checksum list the mirror lacks is an error naming the URL and the ways out; nothing is invented', async () => {
  const m = await writeUpstreamMirror(tempProject(), { tempo: spec.tempo! });
  rmSync(join(m, 'github.com/grafana/tempo/releases/download', `v${v.tempo}`, 'SHA256SUMS'));
  await assert.rejects(
    pinReleases('tempo', COMPONENT_LIST.find((d) => d.name === 'tempo')!.artifact!.release!(v.tempo)!, { mirror: m }),
    (e: Error) => /tempo: .*\/github\.com\/grafana\/tempo\/releases\/download\/v3\.1\.0\/SHA256SUMS is not served \(not in the mirror\)/.test(e.message) && /your own tempo binary/.test(e.message),
  );
});

test('sha256sum and sha512sum files and single-hash files parse; junk is refused', () => {
  const h = 'a'.repeat(64);
  assert.deepEqual([...parseChecksums(`${h}  x.zip\n${h.toUpperCase()} *dist/y.tar.gz\n\n`)], [['x.zip', h], ['y.tar.gz', h]]);
  assert.deepEqual([...parseChecksums(`${h}\n`)], [['', h]]);
  const h512 = createHash('sha512').update('x').digest('hex');
  assert.deepEqual([...parseChecksums(`${h512}  caddy_2.11.9_linux_amd64.tar.gz\n`, 'sha512')], [['caddy_2.11.9_linux_amd64.tar.gz', h512]]);
  assert.throws(() => parseChecksums('<html>Not Found</html>'), /no sha256 checksums/);
  assert.throws(() => parseChecksums(`${h}  x\n`, 'sha512'), /no sha512 checksums/);
});

test("grafana.com's download API must give an https URL and a sha256", () => {
  assert.deepEqual(parseDownloadApi(JSON.stringify({ url: 'https://dl.grafana.com/x.tar.gz', sha256: 'A'.repeat(64) }), 'api'), { url: 'https://dl.grafana.com/x.tar.gz', sha256: 'a'.repeat(64) });
  assert.throws(() => parseDownloadApi('<html>', 'api'), /not JSON/);
  assert.throws(() => parseDownloadApi(JSON.stringify({ url: 'http://evil/x', sha256: 'a'.repeat(64) }), 'api'), /no https url and sha256/);
});

test('pre-releases and commit builds have no release archives', () => {
  for (const def of COMPONENT_LIST.filter((d) => d.artifact?.release)) {
    assert.equal(def.artifact!.release!('3.0.0-rc.0'), undefined, def.name);
  }
});
