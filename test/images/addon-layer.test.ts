import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addonLayer } from '../../src/images/layers.js';
import { addEntry } from '../../src/artifacts/store.js';
import { tempProject } from '../helpers.js';

/**
 * A Grafana plugin's image layer: the unpacked addon under /opt/addons/<name>, read-only,
 * with a backend plugin's executable (gpx_*, executable in the store) kept executable.
 */
test('addonLayer puts the store entry\'s addon/ under /opt/addons/<name>, executables 0755, the rest 0644', async () => {
  const store = tempProject();
  const entry = await addEntry(store, 'k'.repeat(32), { component: 'grafana-plugin-acme-app', version: '1.0.0', origin: {} }, async (dir) => {
    mkdirSync(join(dir, 'addon'), { recursive: true });
    writeFileSync(join(dir, 'addon/plugin.json'), '{"id":"acme-app"}');
    writeFileSync(join(dir, 'addon/gpx_acme_linux_amd64'), '\x7fELF', { mode: 0o755 });
  });
  const files = addonLayer([{ name: 'grafana-plugin-acme-app', entry }]).filter((e) => e.type === 'file');
  assert.deepEqual(
    files.map((e) => [e.path, e.mode.toString(8)]).sort(),
    [
      ['opt/addons/grafana-plugin-acme-app/gpx_acme_linux_amd64', '755'],
      ['opt/addons/grafana-plugin-acme-app/plugin.json', '644'],
    ],
  );
});
