import { test } from 'node:test';
import assert from 'node:assert/strict';
import { missingComponents } from './requirements.js';
import { nativeProject } from './native-project.js';

/**
 * A native stack with Mimir and Pyroscope next to the defaults: verify's metric is pushed to
 * Prometheus and read back through the default datasource, Mimir (so it crossed Prometheus'
 * remote write), and its profile is pushed to Pyroscope and read back as a flame graph
 * through the phlare datasource. Every port is in 21000-21999 so stacks on the default
 * ports (or other test runs) on this machine do not interfere.
 */
const CONFIG = `name: e2e-mp
grafana: { port: 21300 }
prometheus: { port: 21390 }
loki: { port: 21310, ports: { grpc: 21311, memberlist: 21312 } }
tempo: { port: 21320, ports: { grpc: 21321, otlp-grpc: 21322, otlp-http: 21323, memberlist: 21324 } }
mimir: { port: 21330, ports: { grpc: 21331, memberlist: 21332 } }
pyroscope: { port: 21340, ports: { grpc: 21341, memberlist: 21342 } }
`;

const skip = (await missingComponents(['mimir', 'pyroscope'])) ?? false;
const { run } = await nativeProject(CONFIG);

test('native stack with Mimir and Pyroscope: up, verify through both, down', { skip, timeout: 600_000 }, async (t) => {
  await t.test('up --detach starts all six services', () => {
    const r = run('up', '--detach');
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /stack "e2e-mp" is up: 6 services ready/);
  });

  await t.test('verify reads the metric through Mimir and the profile through Pyroscope', () => {
    const r = run('verify');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /all 6 checks passed/);
    assert.match(r.stdout, /metric .*datasource "mimir" \(Mimir: Prometheus -> remote write -> Mimir -> Grafana\)/);
    assert.match(r.stdout, /profile .*pushed to Pyroscope \/ingest, flame graph read back through datasource "pyroscope"/);
    t.diagnostic(r.stdout);
  });

  await t.test('verify fails when the profile and the metric are not there (an unknown run id)', () => {
    const r = run('verify', '--run', '00000000deadbeef', '--trace', '0'.repeat(32), '--timeout', '5');
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stdout, /✗ profile +.*not found through Grafana within 5s/);
    assert.match(r.stdout, /✗ metric +.*not found through Grafana within 5s/);
  });

  await t.test('down stops everything', () => {
    const r = run('down');
    assert.equal(r.code, 0, r.stderr + r.stdout);
  });
});
