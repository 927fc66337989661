import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { readManifests, renderFixture, ROOT } from '../helpers.js';
import { missingTool, toolBinary } from '../tools/binaries.js';
import { kubernetesSwagger, kubernetesValidators } from './k8s-openapi.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';
import { requiredSecrets, withoutChartExtras } from '../tools/helm-chart.js';

/**
 * The chart fed to the real Helm (4 and 3): with default values `helm template` gives the
 * objects `render kubernetes` writes, byte for byte as data, plus the Secrets those only
 * reference (generated, or required where the definition reads them from outside);
 * `helm lint --strict` passes; values.schema.json refuses bad values; the values that
 * matter change what they should. Official images (the default) and built ones alike.
 */
type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; spec?: any; data?: Record<string, string> };
const FIXTURES = [
  { name: 'shop', file: 'test/fixtures/shop.config.ts', namespace: 'shop' },
  { name: 'cluster', file: 'test/fixtures/cluster.config.yaml', namespace: 'obs-system' },
  { name: 'mp', file: 'test/fixtures/mimir-pyroscope.config.yaml', namespace: 'observability' },
  { name: 'everything', file: 'test/fixtures/everything.config.yaml', namespace: 'everything' },
  { name: 'built', file: 'test/fixtures/built.config.yaml', namespace: 'built' },
];
const env = { GRAFANA_ADMIN_PASSWORD: 'x', MIMIR_S3_SECRET_KEY: 'x', SLACK_WEBHOOK_URL: 'x' };
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
      const sets = requiredSecrets(chart);
      const r = run(['template', f.name, chart, '--namespace', f.namespace, ...sets]);
      assert.equal(r.status, 0, r.stderr);
      const expected = sorted(readManifests<Obj>(rendered(f.file, 'kubernetes')));
      // The chart's Namespace is kept on uninstall (its volumes hold the data): the one annotation render kubernetes has no use for.
      const all = parse(r.stdout);
      const actual = withoutChartExtras(all as never[]) as Obj[];
      assert.deepEqual(actual.map(key), expected.map(key), 'the same objects');
      for (let i = 0; i < expected.length; i++) assert.deepEqual(actual[i], expected[i], key(expected[i]!));
      // ... plus every Secret the pods use, with every key they read, created by the chart.
      const secrets = all.filter((o) => o.kind === 'Secret');
      for (const w of expected.filter((o) => o.kind === 'StatefulSet' || o.kind === 'Deployment')) {
        for (const v of w.spec.template.spec.volumes.filter((x: any) => x.secret)) {
          const secret = secrets.find((x) => x.metadata.name === v.secret.secretName);
          assert.ok(secret, `${key(w)}: the chart creates Secret ${v.secret.secretName}`);
          for (const item of v.secret.items) assert.match(Buffer.from(secret!.data![item.key]!, 'base64').toString(), /^\S{8,}$/, `${v.secret.secretName}/${item.key}`);
        }
      }
      if (sets.length) {
        // Without the values the definition takes from outside, the install fails saying which to set.
        const missing = run(['template', f.name, chart, '--namespace', f.namespace]);
        assert.notEqual(missing.status, 0);
        assert.match(missing.stderr, /comes from outside the definition: set [a-z-]+\.secrets\.values\./);
      }
      // Dashboards carry Grafana's own {{...}} legend templates: they come through Helm unchanged.
      const dashboards = Object.values(actual.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'grafana-config')!.data!).join('');
      assert.match(dashboards, /\{\{[a-z_]+\}\}/);

      const lint = run(['lint', '--strict', chart, '--namespace', f.namespace, ...sets]);
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
      const r = run(['template', 'shop', chart, '--namespace', 'shop', ...requiredSecrets(chart), '--set', set]);
      assert.notEqual(r.status, 0, `--set ${set} was accepted`);
      assert.match(r.stderr, pattern, `--set ${set}`);
    };
    refused('grafana.replicas=2', /replicas/);
    refused('prometheus.storage.data=lots', /storage/);
    refused('grafana.imag.tag=1', /imag/);
    refused('ingress.enabled=true', /ingress.host is required/);
    refused('grafana.image.digest=latest', /digest/);
    refused('grafana.secrets.values.password=x', /password/);
    const other = run(['template', 'shop', chart, '--namespace', 'elsewhere', ...requiredSecrets(chart)]);
    assert.notEqual(other.status, 0);
    assert.match(other.stderr, /rendered for namespace shop .* not elsewhere/);
  });

  test(`${version}: images, Ingress, storage and scheduling follow the values; the objects stay valid`, { skip }, () => {
    const chart = rendered(FIXTURES[0]!.file, 'helm');
    const digest = `sha256:${'ab'.repeat(32)}`;
    const r = run([
      'template', 'shop', chart, '--namespace', 'shop', ...requiredSecrets(chart),
      '--set', `loki.image.digest=${digest}`, '--set', 'grafana.secrets.existingSecret=my-grafana',
      '--set', 'grafana.image.repository=registry.example.com/obs/grafana',
      '--set', 'ingress.enabled=true', '--set', 'ingress.host=grafana.example.com', '--set', 'ingress.tlsSecret=grafana-tls',
      '--set', 'storageClass=fast', '--set', 'loki.storage.data=75Gi', '--set', 'nodeSelector.pool=obs',
      '--set', 'namespace.create=false', '--set', 'tempo.replicas=0',
    ]);
    assert.equal(r.status, 0, r.stderr);
    const objects = parse(r.stdout);
    const sts = (name: string) => objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === name)!;
    assert.match(sts('grafana').spec.template.spec.containers[0].image, /^registry\.example\.com\/obs\/grafana:/);
    assert.equal(sts('loki').spec.template.spec.containers[0].image, `docker.io/grafana/loki:${DEFAULT_VERSIONS.loki}@${digest}`);
    // An existing Secret: the pods use it, and the chart creates none.
    assert.equal(sts('grafana').spec.template.spec.volumes.find((v: any) => v.name === 'secrets').secret.secretName, 'my-grafana');
    assert.ok(!objects.some((o) => o.kind === 'Secret'));
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
