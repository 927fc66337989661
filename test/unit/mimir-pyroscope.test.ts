import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveStack } from '../../src/resolve/resolve.js';
import { COMPONENTS } from '../../src/components/registry.js';
import { planStack } from '../../src/plan/plan.js';

test('mimir and pyroscope next to the defaults: every port is its assigned default, none moves', async () => {
  const stack = await resolveStack({ mimir: {}, pyroscope: {} }, { checkQueries: false });
  assert.deepEqual(Object.keys(stack.components), ['grafana', 'prometheus', 'loki', 'tempo', 'mimir', 'pyroscope']);
  for (const [name, c] of Object.entries(stack.components)) {
    const def = COMPONENTS[name as keyof typeof COMPONENTS];
    for (const [port, p] of Object.entries(def.ports)) assert.equal(c.ports[port], p.port, `${name}.${port} moved`);
  }
  assert.deepEqual(stack.components.mimir!.ports, { http: 9009, grpc: 9097, memberlist: 7948 });
  assert.deepEqual(stack.components.pyroscope!.ports, { http: 4040, grpc: 9098, memberlist: 7949, raft: 9099 });
  const all = Object.values(stack.components).flatMap((c) => Object.values(c.ports));
  assert.equal(new Set(all).size, all.length);
});

test('with mimir, it is the default metrics datasource; prometheus stays, not default', async () => {
  const stack = await resolveStack({ mimir: {} }, { checkQueries: false });
  const defaults = stack.datasources.filter((d) => d.isDefault).map((d) => d.uid);
  assert.deepEqual(defaults, ['mimir']);
  const m = stack.datasources.find((d) => d.uid === 'mimir')!;
  assert.equal(m.type, 'prometheus');
  assert.equal(m.jsonData.prometheusType, 'Mimir');
  assert.deepEqual(m.url, { $ref: 'url', service: 'mimir', port: 'http', path: '/prometheus' });
  assert.ok(stack.datasources.some((d) => d.uid === 'prometheus' && !d.isDefault));
  const tempo = stack.datasources.find((d) => d.uid === 'tempo')!;
  assert.deepEqual(tempo.jsonData.serviceMap, { datasourceUid: 'mimir' });
  const without = await resolveStack({}, { checkQueries: false });
  assert.deepEqual(without.datasources.filter((d) => d.isDefault).map((d) => d.uid), ['prometheus']);
});

test('with pyroscope, a Grafana 13 Pyroscope datasource (not 10.0\'s phlare) and Tempo links traces to it', async () => {
  const stack = await resolveStack({ pyroscope: {} }, { checkQueries: false });
  const p = stack.datasources.find((d) => d.uid === 'pyroscope')!;
  assert.equal(p.type, 'grafana-pyroscope-datasource');
  assert.deepEqual(p.jsonData, {});
  const tempo = stack.datasources.find((d) => d.uid === 'tempo')!;
  assert.equal((tempo.jsonData.tracesToProfiles as { datasourceUid: string }).datasourceUid, 'pyroscope');
});

test('mimir s3: the secret key is a secret expanded from the environment, never in the config', async () => {
  const stack = await resolveStack(
    { mimir: { storage: { backend: 's3', endpoint: 'minio:9000', bucket: 'metrics', accessKeyId: 'stack', secretAccessKey: { env: 'S3_KEY' } } } },
    { checkQueries: false },
  );
  const plan = planStack(stack).find((p) => p.name === 'mimir')!;
  assert.deepEqual(plan.secrets.map((s) => [s.name, s.source]), [['s3-secret-access-key', { env: 'S3_KEY' }]]);
  assert.deepEqual(plan.secretEnv, { MIMIR_S3_SECRET_ACCESS_KEY: 's3-secret-access-key' });
  assert.ok(plan.args.includes('-config.expand-env=true'));
  const text = JSON.stringify(plan.files);
  assert.match(text, /"secret_access_key":"\$\{MIMIR_S3_SECRET_ACCESS_KEY\}"/);
  // Filesystem storage has no secret at all (nothing generated for an S3 key nobody uses).
  const fs = planStack(await resolveStack({ mimir: {} }, { checkQueries: false })).find((p) => p.name === 'mimir')!;
  assert.deepEqual(fs.secrets, []);
  assert.equal(fs.secretEnv, undefined);
});

test('mimir s3 options are checked: a scheme in the endpoint is refused with its path', async () => {
  await assert.rejects(
    resolveStack({ mimir: { storage: { backend: 's3', endpoint: 'https://minio:9000', bucket: 'metrics' } } }, { checkQueries: false }),
    (e: Error & { problems?: { path: string }[] }) => {
      assert.ok(e.problems?.some((p) => p.path === 'mimir.storage.endpoint'), JSON.stringify(e.problems));
      return true;
    },
  );
});

test('pyroscope 2 runs v2 storage: segment-writer path, metastore on the allocated gRPC and Raft ports, no v1 blocks', async () => {
  const stack = await resolveStack({ pyroscope: {} }, { checkQueries: false });
  const plan = planStack(stack).find((p) => p.name === 'pyroscope')!;
  // Pyroscope 2 removed the positional `server` argument.
  assert.ok(!plan.args.includes('server'));
  const config = plan.files.find((f) => f.path === 'pyroscope.yaml')!.content as Record<string, any>;
  assert.equal(config.architecture_storage, 'v2');
  assert.equal(config.limits.write_path, 'segment-writer');
  assert.equal(config.limits.retention_period, '168h');
  for (const v1 of ['pyroscopedb', 'ingester', 'store_gateway', 'compactor']) assert.equal(config[v1], undefined, v1);
  const text = JSON.stringify(config.metastore);
  assert.match(text, /"address":\{"\$ref":"concat","parts":\[\{"\$ref":"selfHost"\},":","9098"\]\}/);
  assert.match(text, /"\$ref":"listen","port":9099/);
});
