import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { readManifests, renderFixture, ROOT } from '../helpers.js';
import { missingTool, toolBinary } from '../tools/binaries.js';
import { kubernetesSwagger, kubernetesValidators } from './k8s-openapi.js';

/**
 * The chart fed to the real Helm (4 and 3): with default values `helm template` gives the
 * objects `render kubernetes` writes, byte for byte as data; `helm lint --strict` passes;
 * values.schema.json refuses bad values; the values that matter change what they should.
 */
type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; spec?: any; data?: Record<string, string> };
const FIXTURES = [
  { name: 'shop', file: 'test/fixtures/shop.config.ts', namespace: 'shop' },
  { name: 'cluster', file: 'test/fixtures/cluster.config.yaml', namespace: 'obs-system' },
  { name: 'mp', file: 'test/fixtures/mimir-pyroscope.config.yaml', namespace: 'observability' },
  { name: 'everything', file: 'test/fixtures/everything.config.yaml', namespace: 'everything' },
];
const env = { GRAFANA_ADMIN_PASSWORD: 'x', MIMIR_S3_SECRET_KEY: 'x' };
const key = (o: Obj) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const sorted = (objects: Obj[]) => objects.sort((a, b) => key(a).localeCompare(key(b)));
const parse = (text: string) => sorted(parseAllDocuments(text).map((d) => d.toJS() as Obj | null).filter((o): o is Obj => o !== null));
const rendered = (fixture: string, target: 'kubernetes' | 'helm') => renderFixture(join(ROOT, fixture), target, { env });

for (const id of ['helm', 'helm3'] as const) {
  const helm = await toolBinary(id);
  const skip = !helm && missingTool(id);
  const home = mkdtempSync(join(tmpdir(), 'gs-helm-'));
  // Helm keeps caches and repository config under these: an empty place, so nothing of the user's is read.
  const helmEnv = { ...process.env, HOME: home, HELM_CACHE_HOME: join(home, 'cache'), HELM_CONFIG_HOME: join(home, 'config'), HELM_DATA_HOME: join(home, 'data') };
  const run = (args: string[]) => spawnSync(helm!, args, { encoding: 'utf8', env: helmEnv });
  const version = skip ? id : run(['version', '--short']).stdout.trim();

  for (const f of FIXTURES) {
    test(`${version}: default values render the objects of render kubernetes (${f.name})`, { skip }, () => {
      const chart = rendered(f.file, 'helm');
      const r = run(['template', f.name, chart, '--namespace', f.namespace]);
      assert.equal(r.status, 0, r.stderr);
      const expected = sorted(readManifests<Obj>(rendered(f.file, 'kubernetes')));
      const actual = parse(r.stdout);
      assert.deepEqual(actual.map(key), expected.map(key), 'the same objects');
      for (let i = 0; i < expected.length; i++) assert.deepEqual(actual[i], expected[i], key(expected[i]!));
      // Dashboards carry Grafana's own {{...}} legend templates: they come through Helm unchanged.
      const dashboards = Object.values(actual.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'grafana-config')!.data!).join('');
      assert.match(dashboards, /\{\{[a-z_]+\}\}/);

      const lint = run(['lint', '--strict', chart, '--namespace', f.namespace]);
      assert.equal(lint.status, 0, lint.stdout + lint.stderr);
      const pkgDir = mkdtempSync(join(tmpdir(), 'gs-helm-pkg-'));
      const pkg = run(['package', chart, '-d', pkgDir]);
      assert.equal(pkg.status, 0, pkg.stderr);
      const listing = spawnSync('tar', ['tzf', join(pkgDir, readdirSync(pkgDir)[0]!)], { encoding: 'utf8' }).stdout;
      assert.match(listing, /\/values\.schema\.json\n/);
      assert.doesNotMatch(listing, /grafana-stack-render/, 'the render marker is not packaged');
    });
  }

  test(`${version}: values.schema.json refuses bad values, naming them`, { skip }, () => {
    const chart = rendered(FIXTURES[0]!.file, 'helm');
    const refused = (set: string, pattern: RegExp) => {
      const r = run(['template', 'shop', chart, '--namespace', 'shop', '--set', set]);
      assert.notEqual(r.status, 0, `--set ${set} was accepted`);
      assert.match(r.stderr, pattern, `--set ${set}`);
    };
    refused('grafana.replicas=2', /replicas/);
    refused('prometheus.storage.data=lots', /storage/);
    refused('grafana.imag.tag=1', /imag/);
    refused('ingress.enabled=true', /ingress.host is required/);
    const other = run(['template', 'shop', chart, '--namespace', 'elsewhere']);
    assert.notEqual(other.status, 0);
    assert.match(other.stderr, /rendered for namespace shop .* not elsewhere/);
  });

  test(`${version}: images, Ingress, storage and scheduling follow the values; the objects stay valid`, { skip }, () => {
    const chart = rendered(FIXTURES[0]!.file, 'helm');
    const r = run([
      'template', 'shop', chart, '--namespace', 'shop',
      '--set', 'grafana.image.repository=registry.example.com/obs/grafana',
      '--set', 'ingress.enabled=true', '--set', 'ingress.host=grafana.example.com', '--set', 'ingress.tlsSecret=grafana-tls',
      '--set', 'storageClass=fast', '--set', 'loki.storage.data=75Gi', '--set', 'nodeSelector.pool=obs',
      '--set', 'namespace.create=false', '--set', 'tempo.replicas=0',
    ]);
    assert.equal(r.status, 0, r.stderr);
    const objects = parse(r.stdout);
    const sts = (name: string) => objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === name)!;
    assert.match(sts('grafana').spec.template.spec.containers[0].image, /^registry\.example\.com\/obs\/grafana:/);
    assert.equal(sts('loki').spec.volumeClaimTemplates[0].spec.resources.requests.storage, '75Gi');
    assert.equal(sts('loki').spec.volumeClaimTemplates[0].spec.storageClassName, 'fast');
    assert.deepEqual(sts('prometheus').spec.template.spec.nodeSelector, { pool: 'obs' });
    assert.equal(sts('tempo').spec.replicas, 0);
    assert.ok(!objects.some((o) => o.kind === 'Namespace'));
    const ingress = objects.find((o) => o.kind === 'Ingress')!;
    assert.deepEqual(ingress.spec.tls, [{ hosts: ['grafana.example.com'], secretName: 'grafana-tls' }]);
    const swagger = kubernetesSwagger('v1.36.3');
    if (typeof swagger !== 'string') {
      const validatorFor = kubernetesValidators(swagger);
      for (const o of objects) {
        const validate = validatorFor(o.apiVersion, o.kind)!;
        assert.ok(validate(o), `${key(o)}: ${JSON.stringify(validate.errors)}`);
      }
    }
  });
}
