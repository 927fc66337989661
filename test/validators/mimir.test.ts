import { test } from 'node:test';
import assert from 'node:assert/strict';
import { componentBinary, componentMissing } from '../tools/binaries.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';
import { listModules, renderNativeService, startUntilReady } from './native-service.js';

/**
 * Mimir's own validator on our rendered mimir.yaml: `mimir -modules` loads the file
 * strictly (unknown fields fail), runs Config.Validate, builds the module graph and exits.
 * Then the real binary starts with it and answers /ready. Ports are in this test's own
 * range (21xxx) so a stack running on this machine does not interfere.
 */
const PORTS = 'mimir: { port: 21609, ports: { grpc: 21610, memberlist: 21611 } }';
const CONFIG = `name: mimir-check\ngrafana: false\nprometheus: false\nloki: false\ntempo: false\n${PORTS}\n`;

const bin = await componentBinary('mimir', DEFAULT_VERSIONS.mimir);
const skip = !bin && componentMissing('mimir', DEFAULT_VERSIONS.mimir);

test('mimir -modules accepts the rendered filesystem config', { skip }, () => {
  const r = listModules(bin!, renderNativeService(CONFIG, 'mimir'));
  assert.equal(r.code, 0, r.out);
  for (const m of ['distributor', 'ingester', 'querier', 'compactor', 'store-gateway']) assert.match(r.out, new RegExp(`^${m} \\(in: all\\)`, 'm'));
});

test('mimir -modules accepts the rendered S3 config, the secret key expanded from the environment', { skip }, () => {
  const s3 = `name: mimir-check\ngrafana: false\nprometheus: false\nloki: false\ntempo: false\nmimir:\n  port: 21609\n  ports: { grpc: 21610, memberlist: 21611 }\n  storage: { backend: s3, endpoint: "minio.example:9000", bucket: metrics, accessKeyId: stack, secretAccessKey: { env: MIMIR_TEST_S3_KEY }, insecure: true }\n`;
  const svc = renderNativeService(s3, 'mimir', { MIMIR_TEST_S3_KEY: 'not-a-real-key' });
  assert.ok(svc.args.includes('-config.expand-env=true'), svc.args.join(' '));
  const r = listModules(bin!, svc, { MIMIR_S3_SECRET_ACCESS_KEY: 'not-a-real-key' });
  assert.equal(r.code, 0, r.out);
});

test('mimir -modules rejects a broken config (the validator is real)', { skip }, () => {
  const bad = `${CONFIG.replace(PORTS, '')}mimir:\n  port: 21609\n  ports: { grpc: 21610, memberlist: 21611 }\n  settings: { blocks_storage: { backend: nosuch } }\n`;
  const r = listModules(bin!, renderNativeService(bad, 'mimir'));
  assert.notEqual(r.code, 0, r.out);
  assert.match(r.out, /unsupported storage backend/);
});

test('mimir starts with the rendered config and becomes ready', { skip, timeout: 90_000 }, async () => {
  const seconds = await startUntilReady(bin!, renderNativeService(CONFIG, 'mimir'));
  process.stderr.write(`# mimir ready in ${seconds.toFixed(1)}s\n`);
});
