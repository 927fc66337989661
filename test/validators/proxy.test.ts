import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, readManifests, tempProject } from '../helpers.js';
import { componentBinary, componentMissing } from '../tools/binaries.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';
import { KUBERNETES_VERSIONS, kubernetesSwagger, kubernetesValidators } from './k8s-openapi.js';

/**
 * The proxy's generated Caddy JSON fed to the Caddy we build (`caddy validate` provisions
 * every module, so a wrong handler or field fails), then run: readiness, the routes'
 * path handling, and a missing backend. Ports are in 23000-23999, away from the defaults.
 */
const caddy = await componentBinary('caddy', DEFAULT_VERSIONS.proxy, 'proxy');
const skip = !caddy && componentMissing('proxy', DEFAULT_VERSIONS.proxy, 'caddy');

const CONFIG = `name: proxied
grafana: { port: 23500 }
prometheus: { port: 23590 }
loki: { port: 23510, ports: { grpc: 23596, memberlist: 23547 } }
tempo: { port: 23520, ports: { grpc: 23595, otlp-grpc: 23517, otlp-http: 23518, memberlist: 23546 } }
proxy: { port: 23580 }
kubernetes: { ingress: { host: stack.example.com } }
`;

function render(target: string): string {
  const dir = tempProject({ 'grafana-stack.config.yaml': CONFIG });
  const r = cli(['render', target, '--out', 'out'], { cwd: dir, env: { GRAFANA_ADMIN_PASSWORD: 'unused' } });
  assert.equal(r.code, 0, r.stderr);
  return join(dir, 'out');
}

function validate(file: string) {
  // HOME: whatever Caddy might write while provisioning stays in the test's directory.
  return spawnSync(caddy!, ['validate', '--config', file], { encoding: 'utf8', env: { ...process.env, HOME: join(file, '..') } });
}

test('caddy validate accepts the rendered config of every target', { skip }, () => {
  const files: Record<string, string> = {};
  for (const target of ['native', 'systemd', 'compose']) files[target] = join(render(target), 'proxy/caddy.json');
  const k8s = readManifests(render('kubernetes')).find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'proxy-config')!;
  const dir = tempProject();
  files.kubernetes = join(dir, 'caddy.json');
  writeFileSync(files.kubernetes, k8s.data['caddy.json']);
  for (const [target, file] of Object.entries(files)) {
    const r = validate(file);
    assert.equal(r.status, 0, `${target}: ${r.stdout}${r.stderr}`);
    assert.match(r.stdout + r.stderr, /Valid configuration/, target);
  }
  // And it is a real check: a misspelt handler is refused.
  writeFileSync(join(dir, 'bad.json'), readFileSync(files.compose!, 'utf8').replace('"reverse_proxy"', '"reverse_prox"'));
  const bad = validate(join(dir, 'bad.json'));
  assert.notEqual(bad.status, 0);
  assert.match(bad.stdout + bad.stderr, /reverse_prox/);
});

test('the proxy becomes ready with the rendered config and routes by path', { skip, timeout: 60_000 }, async () => {
  const out = render('native');
  const manifest = JSON.parse(readFileSync(join(out, 'services.json'), 'utf8')) as { services: { name: string; args: string[]; cwd: string; health: { url: string } }[] };
  const svc = manifest.services.find((s) => s.name === 'proxy')!;
  mkdirSync(svc.cwd, { recursive: true });
  // Loki's port answers with what it was asked (the real stack is test/e2e/proxy.test.ts);
  // Prometheus' port stays closed: a backend that is down.
  const seen: string[] = [];
  const echo: Server = createServer((req, res) => {
    seen.push(req.url ?? '');
    res.end(req.url);
  });
  await new Promise<void>((r) => echo.listen(23510, '127.0.0.1', r));
  const child = spawn(caddy!, svc.args, { cwd: svc.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const access: string[] = [];
  child.stdout.on('data', (d: Buffer) => access.push(d.toString()));
  const started = Date.now();
  try {
    let status = 0;
    while (Date.now() - started < 20_000 && child.exitCode === null && status !== 200) {
      status = await fetch(svc.health.url).then((r) => r.status, () => 0);
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(status, 200, `not ready after 20s:\n${log}`);
    process.stderr.write(`# proxy ready in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
    const base = svc.health.url.replace(/\/-\/proxy-ready$/, '');
    assert.equal(await (await fetch(`${base}/loki/loki/api/v1/labels?since=1h`)).text(), '/loki/api/v1/labels?since=1h', 'prefix stripped, query kept');
    const bare = await fetch(`${base}/loki`, { redirect: 'manual' });
    assert.equal(bare.status, 308);
    assert.equal(bare.headers.get('location'), '/loki/');
    assert.equal((await fetch(`${base}/prometheus/api/v1/query?query=up`)).status, 502, 'a backend that is down is a 502');
    assert.equal(seen.length, 1, 'nothing else reached the Loki port');
    await new Promise((r) => setTimeout(r, 200));
    assert.match(access.join(''), /"logger":"http.log.access".*"uri":"\/loki\/loki\/api\/v1\/labels\?since=1h"/, 'access log on stdout');
  } finally {
    child.kill('SIGTERM');
    echo.close();
  }
});

test('Kubernetes: the Ingress fronts the proxy, its policy admits the proxy to each backend, and every object validates', () => {
  const objects = readManifests(render('kubernetes')) as any[];
  const ing = objects.find((o) => o.kind === 'Ingress');
  assert.equal(ing.spec.rules[0].http.paths[0].backend.service.name, 'proxy');
  const policy = (name: string) => objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === name).spec;
  const egress = policy('proxy').egress.map((r: any) => r.to[0].podSelector?.matchLabels['app.kubernetes.io/name']).filter(Boolean).sort();
  assert.deepEqual(egress, ['grafana', 'loki', 'prometheus', 'tempo']);
  const fromProxy = policy('tempo').ingress.find((r: any) => r.from?.[0].podSelector.matchLabels['app.kubernetes.io/name'] === 'proxy');
  assert.deepEqual(fromProxy.ports.map((p: any) => p.port).sort(), [23518, 23520], 'query API and OTLP/HTTP');
  for (const version of Object.keys(KUBERNETES_VERSIONS) as (keyof typeof KUBERNETES_VERSIONS)[]) {
    const swagger = kubernetesSwagger(version);
    if (typeof swagger === 'string') {
      process.stderr.write(`# Kubernetes ${version} schema not available: ${swagger}\n`);
      continue;
    }
    const validatorFor = kubernetesValidators(swagger);
    for (const obj of objects.filter((o) => o.metadata.name.startsWith('proxy') || o.kind === 'Ingress')) {
      const validate = validatorFor(obj.apiVersion, obj.kind)!;
      assert.ok(validate(obj), `${version} ${obj.kind}/${obj.metadata.name}: ${JSON.stringify(validate.errors)}`);
    }
  }
});
