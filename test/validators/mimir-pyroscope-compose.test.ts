import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { cli, tempProject } from '../helpers.js';
import { componentBinary } from '../tools/binaries.js';

/**
 * Compose with Mimir and Pyroscope (filesystem storage): docker-compose accepts the
 * project, and Mimir's S3 key, which only Kubernetes, Helm and native can pass as an
 * environment variable from a secret, is refused with a message naming the secret.
 */
const CONFIG = 'name: mp\nmimir: {}\npyroscope: {}\n';
const dockerCompose = await componentBinary('docker-compose');

function render(config: string): { code: number; stderr: string; out: string } {
  const dir = tempProject({ 'grafana-stack.config.yaml': config });
  const r = cli(['render', 'compose', '--out', 'out'], { cwd: dir, env: { MIMIR_S3_SECRET_KEY: 'x' } });
  return { code: r.code, stderr: r.stderr, out: join(dir, 'out') };
}

test('compose with mimir and pyroscope: services, volumes, published HTTP ports, Prometheus depends on Mimir', () => {
  const r = render(CONFIG);
  assert.equal(r.code, 0, r.stderr);
  const doc = parse(readFileSync(join(r.out, 'compose.yaml'), 'utf8')) as { services: Record<string, { ports?: string[]; depends_on?: Record<string, unknown> }>; volumes: Record<string, unknown> };
  assert.deepEqual(doc.services.mimir!.ports, ['127.0.0.1:${GRAFANA_STACK_MIMIR_PORT:-9009}:9009']);
  assert.deepEqual(doc.services.pyroscope!.ports, ['127.0.0.1:${GRAFANA_STACK_PYROSCOPE_PORT:-4040}:4040']);
  assert.ok(doc.services.prometheus!.depends_on?.mimir);
  assert.ok(doc.volumes['mimir-data'] && doc.volumes['pyroscope-data']);
  const mimirYaml = readFileSync(join(r.out, 'mimir/mimir.yaml'), 'utf8');
  assert.match(mimirYaml, /instance_addr: 127\.0\.0\.1/);
  assert.match(mimirYaml, /http_listen_address: 0\.0\.0\.0/);
});

test('docker-compose accepts the rendered project with mimir and pyroscope (config -q)', { skip: !dockerCompose && 'docker-compose not installed (scripts/install-deps.sh installs it)' }, () => {
  const r = render(CONFIG);
  assert.equal(r.code, 0, r.stderr);
  const c = spawnSync(dockerCompose!, ['-p', 'mp', '-f', join(r.out, 'compose.yaml'), 'config', '-q'], { encoding: 'utf8', env: { ...process.env, GRAFANA_STACK_SECRETS_DIR: '/nonexistent', GRAFANA_STACK_PROBE: '/nonexistent' } });
  assert.equal(c.status, 0, c.stderr);
});

test('compose refuses Mimir S3 storage with a secret key, naming the secret and the targets that can', () => {
  const r = render('name: mp\nmimir:\n  storage: { backend: s3, endpoint: "minio:9000", bucket: blocks, accessKeyId: a, secretAccessKey: { env: MIMIR_S3_SECRET_KEY } }\n');
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /secret "s3-secret-access-key" must reach the program as environment variable MIMIR_S3_SECRET_ACCESS_KEY.*compose target cannot/);
});
