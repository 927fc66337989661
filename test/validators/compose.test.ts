import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { cli, tempProject, ROOT } from '../helpers.js';
import { componentBinary } from '../tools/binaries.js';

/**
 * The rendered compose.yaml, checked three ways: against the Compose Specification's JSON
 * schema (the one Compose v2 validates with), by Debian's docker-compose (`config -q`,
 * which needs no engine), and for the properties we promise (nonroot, read-only, loopback
 * ports, health-gated dependencies, secrets never inline), with the official images (the
 * default) and with the project's own (`images: built`).
 */
const fixture = join(ROOT, 'test/fixtures/shop.config.ts');
const dockerCompose = await componentBinary('docker-compose');
const ADMIN_PASSWORD = 'from-env-for-tests';
const composeEnv = { GRAFANA_STACK_SECRETS_DIR: '/nonexistent', GRAFANA_STACK_PROBE: '/nonexistent' };

function renderCompose(images: 'official' | 'built' = 'official'): string {
  const dir = tempProject();
  const r = cli(['--config', fixture, '--set', `images=${images}`, 'render', 'compose', '--out', 'out'], { cwd: dir, env: { GRAFANA_ADMIN_PASSWORD: ADMIN_PASSWORD } });
  assert.equal(r.code, 0, r.stderr);
  return join(dir, 'out');
}

interface ComposeService {
  image: string;
  entrypoint: string[];
  command: string[];
  network_mode?: string;
  cap_add?: string[];
  user: string;
  read_only: boolean;
  cap_drop: string[];
  security_opt: string[];
  ports?: string[];
  healthcheck: { test: string[]; start_period: string };
  depends_on?: Record<string, { condition: string }>;
  volumes: { type: string; source: string; target: string; read_only?: boolean }[];
  secrets?: { source: string; target: string }[];
  environment?: Record<string, string>;
  mem_limit: string;
  cpus: number;
}

test('compose.yaml validates against the Compose Specification JSON schema (official and built images)', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/compose-spec/compose-spec.json'), 'utf8')) as object;
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  const validate = ajv.compile(schema);
  for (const images of ['official', 'built'] as const) {
    const doc = parse(readFileSync(join(renderCompose(images), 'compose.yaml'), 'utf8')) as unknown;
    assert.ok(validate(doc), `${images}: ${JSON.stringify(validate.errors, null, 2)}`);
  }
  // The schema is really consulted: a misspelt key is rejected.
  assert.equal(validate({ services: { x: { image: 'a', restartt: 'no' } } }), false);
});

test('docker-compose accepts the rendered project (config -q), official and built images', { skip: !dockerCompose && 'docker-compose not installed (scripts/install-deps.sh installs it)' }, () => {
  for (const images of ['official', 'built'] as const) {
    const r = spawnSync(dockerCompose!, ['-p', 'shop', '-f', join(renderCompose(images), 'compose.yaml'), 'config', '-q'], { encoding: 'utf8', env: { ...process.env, ...composeEnv } });
    assert.equal(r.status, 0, `${images}: ${r.stderr}`);
  }
  // The official images' probe comes from the host: without it Compose says what to set.
  const unset = spawnSync(dockerCompose!, ['-p', 'shop', '-f', join(renderCompose(), 'compose.yaml'), 'config', '-q'], { encoding: 'utf8', env: { ...process.env, GRAFANA_STACK_SECRETS_DIR: '/x', GRAFANA_STACK_PROBE: '' } });
  assert.notEqual(unset.status, 0);
  assert.match(unset.stderr, /set GRAFANA_STACK_PROBE to the grafana-stack-probe binary/);
  // ... and rejects a broken one, so the check means something.
  const bad = spawnSync(dockerCompose!, ['-f', '-', 'config', '-q'], { input: 'services:\n  x:\n    image: a\n    ports: 12\n', encoding: 'utf8' });
  assert.notEqual(bad.status, 0);
});

for (const images of ['official', 'built'] as const) {
test(`every service runs hardened, health-gated, with ports on loopback and secrets as files (${images} images)`, () => {
  const out = renderCompose(images);
  const text = readFileSync(join(out, 'compose.yaml'), 'utf8');
  const doc = parse(text) as { services: Record<string, ComposeService>; volumes: Record<string, object>; secrets: Record<string, { file: string }> };
  assert.ok(!text.includes(ADMIN_PASSWORD), 'a secret value is in compose.yaml');
  const services = Object.entries(doc.services).filter(([name]) => !name.endsWith('-volumes'));
  const preparers = Object.entries(doc.services).filter(([name]) => name.endsWith('-volumes'));
  assert.deepEqual(services.map(([n]) => n).sort(), ['grafana', 'loki', 'prometheus', 'tempo']);
  for (const [name, s] of services) {
    if (images === 'official') assert.match(s.image, /^docker\.io\/(grafana|prom)\/[a-z-]+:v?\d+\.\d+\.\d+$/, name);
    else assert.match(s.image, /^localhost\/grafana-stack\/[a-z-]+:\d+\.\d+\.\d+$/, name);
    assert.match(s.entrypoint[0]!, /^\/[a-z/_-]+$/, `${name} runs its binary by path`);
    // The image's own probe, or the host's mounted read-only at the same path.
    assert.equal(s.volumes.some((v) => v.target === '/usr/bin/grafana-stack-probe' && v.read_only === true && /GRAFANA_STACK_PROBE/.test(v.source)), images === 'official', `${name} probe mount`);
    assert.equal(s.user, '65532:65532', name);
    assert.equal(s.read_only, true, name);
    assert.deepEqual(s.cap_drop, ['ALL'], name);
    assert.ok(s.security_opt.includes('no-new-privileges:true'), name);
    for (const p of s.ports ?? []) assert.match(p, /^127\.0\.0\.1:\$\{GRAFANA_STACK_[A-Z0-9_]+:-\d+\}:\d+$/, `${name} publishes ${p}`);
    assert.equal(s.healthcheck.test[1], '/usr/bin/grafana-stack-probe', name);
    assert.match(s.healthcheck.test[2]!, /^http:\/\/127\.0\.0\.1:\d+\//, name);
    for (const [dep, c] of Object.entries(s.depends_on ?? {})) assert.equal(c.condition, dep.endsWith('-volumes') ? 'service_completed_successfully' : 'service_healthy', name);
    assert.ok(s.volumes.some((v) => v.type === 'bind' && v.read_only === true && v.target === `/etc/grafana-stack/${name}`), `${name} config mount`);
    for (const v of s.volumes.filter((x) => x.type === 'volume')) assert.ok(v.source in doc.volumes, `${name} volume ${v.source} is declared`);
    assert.match(s.mem_limit, /^\d+[kmg]$/, name);
    assert.ok(s.cpus > 0, name);
    for (const value of Object.values(s.environment ?? {})) assert.ok(!value.includes(ADMIN_PASSWORD), name);
  }
  // Official images: a one-shot root container with CAP_CHOWN alone gives each fresh volume to 65532, before the service starts.
  assert.deepEqual(preparers.map(([n]) => n).sort(), images === 'official' ? ['grafana-volumes', 'loki-volumes', 'prometheus-volumes', 'tempo-volumes'] : []);
  for (const [name, p] of preparers) {
    const service = name.replace(/-volumes$/, '');
    assert.equal(p.image, doc.services[service]!.image, name);
    assert.deepEqual(p.entrypoint, ['/usr/bin/grafana-stack-probe', 'own', '65532:65532', `/var/lib/${service}`], name);
    assert.equal(p.user, '0:0', name);
    assert.deepEqual(p.cap_drop, ['ALL'], name);
    assert.deepEqual(p.cap_add, ['CHOWN'], name);
    assert.equal(p.network_mode, 'none', name);
    assert.equal(p.read_only, true, name);
    assert.ok(p.security_opt.includes('no-new-privileges:true'), name);
    assert.deepEqual(doc.services[service]!.depends_on?.[name], { condition: 'service_completed_successfully' });
  }
  if (images === 'official') {
    // grafana.ini decides Grafana's paths, not the GF_PATHS_* the official image sets.
    assert.equal(doc.services.grafana!.environment?.GF_PATHS_PROVISIONING, '');
    assert.deepEqual(doc.services.grafana!.entrypoint, ['/usr/share/grafana/bin/grafana']);
    assert.deepEqual(doc.services.grafana!.command.slice(0, 3), ['server', '--homepath', '/usr/share/grafana']);
  }
  assert.deepEqual(Object.keys(doc.services.grafana!.depends_on ?? {}).filter((d) => !d.endsWith('-volumes')).sort(), ['loki', 'prometheus', 'tempo']);
  assert.deepEqual(doc.services.grafana!.secrets?.map((s) => s.source), ['grafana-admin-password', 'grafana-secret-key']);
  for (const s of Object.values(doc.secrets)) assert.match(s.file, /^\$\{GRAFANA_STACK_SECRETS_DIR:\?/);
  // Grafana reads its secrets from the files Compose mounts.
  const ini = readFileSync(join(out, 'grafana/grafana.ini'), 'utf8');
  assert.match(ini, /admin_password = \$__file\{\/run\/secrets\/grafana-admin-password\}/);
});
}

test('resources from the definition become Compose limits', () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': 'loki:\n  resources: { cpu: 500m, memory: 768Mi }\n' });
  const r = cli(['render', 'compose', '--out', 'out'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const doc = parse(readFileSync(join(dir, 'out/compose.yaml'), 'utf8')) as { services: Record<string, { cpus: number; mem_limit: string; mem_reservation: string }> };
  assert.equal(doc.services.loki!.cpus, 0.5);
  assert.equal(doc.services.loki!.mem_limit, '768m');
  assert.equal(doc.services.loki!.mem_reservation, '384m');
});

test('render compose --archive writes the same .tar.gz wherever it is rendered, and Compose accepts it unpacked', { skip: !dockerCompose && 'docker-compose not installed' }, async () => {
  const { list, extract } = await import('tar');
  const a = tempProject();
  const b = tempProject();
  for (const [dir, out] of [[a, 'out'], [b, 'elsewhere/bundle']] as const) {
    const r = cli(['--config', fixture, 'render', 'compose', '--out', out, '--archive'], { cwd: dir, env: { GRAFANA_ADMIN_PASSWORD: ADMIN_PASSWORD } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /archived to .*\.tar\.gz \(\d+ bytes, reproducible\)/);
  }
  const bytes = readFileSync(join(a, 'out.tar.gz'));
  assert.deepEqual(bytes, readFileSync(join(b, 'elsewhere/bundle.tar.gz')));
  const entries: { path: string; mtime: number }[] = [];
  await list({ file: join(a, 'out.tar.gz'), onReadEntry: (e) => entries.push({ path: e.path, mtime: e.mtime?.getTime() ?? -1 }) });
  assert.ok(entries.some((e) => e.path === 'shop-compose/compose.yaml'));
  assert.ok(entries.some((e) => e.path === 'shop-compose/grafana/grafana.ini'));
  assert.ok(entries.every((e) => e.mtime === 0));
  const unpacked = tempProject();
  await extract({ file: join(a, 'out.tar.gz'), cwd: unpacked });
  const r = spawnSync(dockerCompose!, ['-p', 'shop', '-f', join(unpacked, 'shop-compose/compose.yaml'), 'config', '-q'], { encoding: 'utf8', env: { ...process.env, ...composeEnv } });
  assert.equal(r.status, 0, r.stderr);
});

test('a published port moves at `docker compose up` time with the same variable `up` reads', { skip: !dockerCompose && 'docker-compose not installed (scripts/install-deps.sh installs it)' }, () => {
  const out = renderCompose();
  const config = (env: Record<string, string>) => {
    const r = spawnSync(dockerCompose!, ['-f', join(out, 'compose.yaml'), 'config'], { encoding: 'utf8', env: { PATH: process.env.PATH, GRAFANA_STACK_SECRETS_DIR: out, GRAFANA_STACK_PROBE: '/nonexistent', ...env } });
    assert.equal(r.status, 0, r.stderr);
    return parse(r.stdout) as { services: Record<string, { ports: (string | { host_ip?: string; published: number | string; target: number })[] }> };
  };
  // Compose v1 prints the short form, v2 the long one.
  const published = (c: ReturnType<typeof config>) =>
    c.services.grafana!.ports.map((p) => (typeof p === 'string' ? p.replace(/\/tcp$/, '') : `${p.host_ip}:${p.published}:${p.target}`));
  assert.deepEqual(published(config({})), ['127.0.0.1:3000:3000']);
  assert.deepEqual(published(config({ GRAFANA_STACK_GRAFANA_PORT: '3001' })), ['127.0.0.1:3001:3000']);
});
