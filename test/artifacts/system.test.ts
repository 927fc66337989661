import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findSystem, parseVersion, storeSystem } from '../../src/artifacts/providers/system.js';
import { componentDefinition } from '../../src/components/registry.js';
import { tempProject } from '../helpers.js';
import { defaultStoreDir, storedBinary } from '../../src/artifacts/store.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';
import { componentMissing } from '../tools/binaries.js';

/** The user's own binaries: STAND-IN scripts that print what the real ones print for their version probe. */
function fake(output: string, dir = tempProject(), name = 'tool'): string {
  const p = join(dir, name);
  writeFileSync(p, `#!/bin/sh\necho '${output}'\n`, { mode: 0o755 });
  return p;
}

test("version lines of the stack's binaries are read", () => {
  assert.equal(parseVersion('loki, version 3.7.8 (branch: HEAD, revision: abc)'), '3.7.8');
  assert.equal(parseVersion('prometheus, version 2.42.0+ds (branch: debian/sid)'), '2.42.0+ds');
  assert.equal(parseVersion('grafana version 13.2.3'), '13.2.3');
  assert.equal(parseVersion('Version 12.3.0 (commit: 1234, branch: HEAD)'), '12.3.0');
});

test('a system binary is accepted at the pinned version and refused at another', async () => {
  const p = fake('loki, version 3.7.8 (branch: HEAD)');
  assert.deepEqual(await findSystem('loki', '3.7.8', { path: p }), { path: p, version: '3.7.8' });
  await assert.rejects(findSystem('loki', '3.6.0', { path: p }), /is loki 3\.7\.8, but the stack pins 3\.6\.0/);
  await assert.rejects(findSystem('nonexistent-tool-xyz', '1.0.0', { env: { PATH: '/nonexistent' } }), /was not found on PATH/);
  // Caddy has no --version flag: `caddy version` prints `v2.11.9 h1:...`.
  const caddy = fake('v2.11.9 h1:abc=');
  const probe = componentDefinition('proxy')!.artifact!.versionProbe!;
  assert.deepEqual(await findSystem('caddy', '2.11.9', { path: caddy, probe }), { path: caddy, version: '2.11.9' });
});

test("Grafana from a distribution package: the binary and its home (/usr/share/grafana layout) are copied into the store, version-checked", async () => {
  const root = tempProject();
  const home = join(root, 'usr/share/grafana');
  mkdirSync(join(home, 'bin'), { recursive: true });
  mkdirSync(join(home, 'conf'));
  mkdirSync(join(home, 'public/build'), { recursive: true });
  writeFileSync(join(home, 'conf/defaults.ini'), '[paths]\n');
  writeFileSync(join(home, 'public/build/index.html'), '<title>Grafana</title>\n');
  const bin = fake('grafana version 13.2.3', join(home, 'bin'), 'grafana');
  const store = tempProject();
  const spec = componentDefinition('grafana')!.artifact!;
  const entry = await storeSystem('grafana', '13.2.3', spec, { storeDir: store, path: bin });
  assert.deepEqual(Object.keys(entry.files).sort(), ['conf/defaults.ini', 'grafana', 'public/build/index.html']);
  assert.equal(entry.origin.provider, 'system');
  const again = await storeSystem('grafana', '13.2.3', spec, { storeDir: store, path: bin });
  assert.equal(again.dir, entry.dir, 'the same binary is stored once');
  await assert.rejects(storeSystem('grafana', '13.1.0', spec, { storeDir: store, path: bin }), /is grafana 13\.2\.3, but the stack pins 13\.1\.0/);
  // A binary with no home beside it is refused with what to give instead.
  const lone = fake('grafana version 13.2.3', tempProject(), 'grafana');
  await assert.rejects(storeSystem('grafana', '13.2.3', spec, { storeDir: store, path: lone }), /cannot find grafana's home directory \(with conf\/defaults\.ini\)/);
});

const pinned = await storedBinary(defaultStoreDir(), 'prometheus', DEFAULT_VERSIONS.prometheus, 'promtool');
test('a real promtool is found through GRAFANA_STACK_BIN_PROMTOOL with its real version, and another version is refused', { skip: !pinned && componentMissing('prometheus', DEFAULT_VERSIONS.prometheus, 'promtool') }, async () => {
  const env = { GRAFANA_STACK_BIN_PROMTOOL: pinned!, PATH: '/nonexistent' };
  assert.deepEqual(await findSystem('promtool', DEFAULT_VERSIONS.prometheus, { env }), { path: pinned, version: DEFAULT_VERSIONS.prometheus });
  await assert.rejects(findSystem('promtool', '2.42.0', { env }), new RegExp(`is promtool ${DEFAULT_VERSIONS.prometheus.replaceAll('.', '\\.')}, but the stack pins 2\\.42\\.0`));
});
