import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveStack } from '../../src/resolve/resolve.js';
import { planStack } from '../../src/plan/plan.js';
import { proxyRoutes } from '../../src/components/proxy/config.js';
import { renderStack } from '../../src/render/render.js';
import { buildStack } from '../../src/plan/build.js';

test('the proxy is off by default and routes only the components the stack enables', async () => {
  assert.equal((await resolveStack({})).components.proxy, undefined);
  const stack = await resolveStack({ proxy: {}, tempo: false });
  const routes = proxyRoutes(stack);
  assert.deepEqual(
    routes.map((r) => (r.kind === 'prefix' ? r.prefix : r.kind === 'path' ? r.path : '/')),
    ['/prometheus', '/loki', '/otlp/v1/metrics', '/otlp/v1/logs', '/'],
    'no /tempo without Tempo, OTLP metrics and logs only; Grafana takes the rest, last',
  );
  const plan = planStack(stack).find((p) => p.name === 'proxy')!;
  assert.equal(plan.artifact.binary, 'caddy');
  assert.deepEqual([...plan.dependsOn].sort(), ['grafana', 'loki', 'prometheus']);
  // Grafana must not wait for the proxy that waits for Grafana.
  assert.ok(!planStack(stack).find((p) => p.name === 'grafana')!.dependsOn.includes('proxy'));
});

test('OTLP goes to Tempo, Prometheus and Loki through /otlp/v1/<signal> unless turned off', async () => {
  const on = proxyRoutes(await resolveStack({ proxy: {} }));
  assert.deepEqual(on.filter((r) => r.kind === 'path'), [
    { kind: 'path', path: '/otlp/v1/traces', to: '/v1/traces', service: 'tempo', port: 'otlp-http' },
    { kind: 'path', path: '/otlp/v1/metrics', to: '/api/v1/otlp/v1/metrics', service: 'prometheus', port: 'http' },
    { kind: 'path', path: '/otlp/v1/logs', to: '/otlp/v1/logs', service: 'loki', port: 'http' },
  ]);
  const off = proxyRoutes(await resolveStack({ proxy: { otlp: false } }));
  assert.equal(off.find((r) => r.kind === 'path'), undefined);
});

test("Caddy's config: no admin API, no automatic HTTPS, storage in the data volume, upstreams by reference", async () => {
  const stack = await resolveStack({ proxy: { port: 18080 } });
  const files = (await renderStack(buildStack(stack), 'compose', { outDir: 'out', projectDir: '/nonexistent' }));
  const caddy = JSON.parse(files.find((f) => f.path === 'proxy/caddy.json')!.content.toString()) as {
    admin: { disabled: boolean };
    storage: { root: string };
    apps: { http: { servers: { stack: { listen: string[]; automatic_https: { disable: boolean }; routes: { handle: { handler: string; upstreams?: { dial: string }[] }[] }[] } } } };
  };
  assert.equal(caddy.admin.disabled, true);
  const server = caddy.apps.http.servers.stack;
  assert.equal(server.automatic_https.disable, true);
  assert.deepEqual(server.listen, ['0.0.0.0:18080']);
  assert.match(caddy.storage.root, /^\/var\/lib\/proxy/);
  const dials = server.routes.flatMap((r) => r.handle.flatMap((h) => h.upstreams?.map((u) => u.dial) ?? []));
  assert.deepEqual(dials, ['prometheus:9090', 'loki:3100', 'tempo:3200', 'tempo:4318', 'prometheus:9090', 'loki:3100', 'grafana:3000']);
});

test("Grafana's root_url follows the proxy's port; an explicit rootUrl wins", async () => {
  const ini = (config: unknown) => async () => {
    const files = (await renderStack(buildStack(await resolveStack(config)), 'compose', { outDir: 'out', projectDir: '/nonexistent' }));
    return files.find((f) => f.path === 'grafana/grafana.ini')!.content.toString();
  };
  assert.match(await ini({ proxy: { port: 18080 } })(), /^root_url = %\(protocol\)s:\/\/%\(domain\)s:18080\/$/m);
  assert.doesNotMatch(await ini({})(), /root_url/);
  assert.match(await ini({ proxy: {}, grafana: { rootUrl: 'https://g.example.com/' } })(), /^root_url = https:\/\/g\.example\.com\/$/m);
});

test('the Ingress fronts the proxy when it is enabled, Grafana otherwise, the named service always', async () => {
  const ingress = { host: 'stack.example.com' };
  assert.equal((await resolveStack({ proxy: {}, kubernetes: { ingress } })).kubernetes.ingress!.service, 'proxy');
  assert.equal((await resolveStack({ kubernetes: { ingress } })).kubernetes.ingress!.service, 'grafana');
  assert.equal((await resolveStack({ proxy: {}, kubernetes: { ingress: { ...ingress, service: 'grafana' } } })).kubernetes.ingress!.service, 'grafana');
});

test('without Grafana, what no route takes is a 404, not Caddy’s empty 200', async () => {
  const stack = await resolveStack({ grafana: false, proxy: {} });
  const files = (await renderStack(buildStack(stack), 'compose', { outDir: 'out', projectDir: '/nonexistent' }));
  const caddy = JSON.parse(files.find((f) => f.path === 'proxy/caddy.json')!.content.toString()) as { apps: { http: { servers: { stack: { routes: { match?: unknown; handle: { status_code?: number }[] }[] } } } } };
  const last = caddy.apps.http.servers.stack.routes.at(-1)!;
  assert.equal(last.match, undefined);
  assert.equal(last.handle[0]!.status_code, 404);
});
