import { test } from 'node:test';
import assert from 'node:assert/strict';
import { componentDefinition } from '../../src/components/registry.js';

/** The promu layout lock pins for Prometheus, Alertmanager and node_exporter: upstream's archive and checksum file names. */
test('promu releases: <name>-<v>.<os>-<arch>.tar.gz beside sha256sums.txt, binaries under the top directory; none for a pre-release', () => {
  const release = (component: string, version: string) => componentDefinition(component)!.artifact!.release!(version);
  const am = release('alertmanager', '0.35.0')!;
  assert.deepEqual(am.checksums, { list: 'https://github.com/prometheus/alertmanager/releases/download/v0.35.0/sha256sums.txt', algorithm: 'sha256' });
  assert.deepEqual(am.archive('darwin-arm64'), {
    url: 'https://github.com/prometheus/alertmanager/releases/download/v0.35.0/alertmanager-0.35.0.darwin-arm64.tar.gz',
    binaries: { alertmanager: 'alertmanager-0.35.0.darwin-arm64/alertmanager', amtool: 'alertmanager-0.35.0.darwin-arm64/amtool' },
  });
  assert.equal(release('node-exporter', '1.12.1')!.archive('linux-amd64')!.url, 'https://github.com/prometheus/node_exporter/releases/download/v1.12.1/node_exporter-1.12.1.linux-amd64.tar.gz');
  assert.deepEqual(release('prometheus', '3.16.0')!.archive('linux-amd64')!.binaries, { prometheus: 'prometheus-3.16.0.linux-amd64/prometheus', promtool: 'prometheus-3.16.0.linux-amd64/promtool' });
  assert.equal(release('prometheus', '3.16.0-rc.0'), undefined);
});
