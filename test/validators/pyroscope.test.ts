import { test } from 'node:test';
import assert from 'node:assert/strict';
import { componentBinary, componentMissing } from '../tools/binaries.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';
import { listModules, renderNativeService, startUntilReady } from './native-service.js';

/**
 * Pyroscope's own validator on our rendered pyroscope.yaml: `pyroscope -modules` parses
 * strictly, runs Config.Validate inside pyroscope.New, prints the modules and exits. Then
 * the real binary starts with it and answers /ready. Ports are in this test's range (21xxx).
 */
const PORTS = 'port: 21640, ports: { grpc: 21641, memberlist: 21642 }';
const CONFIG = `name: pyroscope-check\ngrafana: false\nprometheus: false\nloki: false\ntempo: false\npyroscope: { ${PORTS} }\n`;

const bin = await componentBinary('pyroscope', DEFAULT_VERSIONS.pyroscope);
const skip = !bin && componentMissing('pyroscope', DEFAULT_VERSIONS.pyroscope);

test('pyroscope -modules accepts the rendered config', { skip }, () => {
  const r = listModules(bin!, renderNativeService(CONFIG, 'pyroscope'));
  assert.equal(r.code, 0, r.out);
  for (const m of ['distributor', 'ingester', 'querier', 'compactor', 'store-gateway']) assert.match(r.out, new RegExp(`^${m}\\b.*\\*`, 'm'));
});

test('pyroscope -modules rejects a broken config (the validator is real)', { skip }, () => {
  const bad = CONFIG.replace(`{ ${PORTS} }`, `{ ${PORTS}, settings: { storage: { backend: nosuch } } }`);
  const r = listModules(bin!, renderNativeService(bad, 'pyroscope'));
  assert.notEqual(r.code, 0, r.out);
  assert.match(r.out, /unsupported storage backend/);
});

test('pyroscope starts with the rendered config and becomes ready', { skip, timeout: 90_000 }, async () => {
  const seconds = await startUntilReady(bin!, renderNativeService(CONFIG, 'pyroscope'));
  process.stderr.write(`# pyroscope ready in ${seconds.toFixed(1)}s\n`);
});
