import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { cli, readManifests, ROOT, tempProject } from '../helpers.js';
import { OFFICIAL_IMAGES } from '../../src/images/official.js';
import { COMPONENT_LIST } from '../../src/components/registry.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';
import { loadConfig } from '../../src/config/load.js';
import { resolveStack } from '../../src/resolve/resolve.js';
import { renderStack } from '../../src/render/render.js';
import { buildStack } from '../../src/plan/build.js';

/**
 * Which images the container targets reference. By default the vendors' official images,
 * fully qualified, by tag and the digest the lock pins (fixture digests here: no public
 * registry answers on this machine; push.test.ts reads real digests from a local
 * registry); with `images: built` the project's own, local for Compose and by the digest
 * of a recorded push for a cluster, and never a name that resolves to someone else's
 * Docker Hub namespace.
 */
const digest = (n: number) => `sha256:${n.toString(16).padStart(2, '0').repeat(32)}`;
type Obj = { kind: string; metadata: { name: string }; spec?: any };
const workloads = (objects: Obj[]) => objects.filter((o) => ['StatefulSet', 'Deployment', 'DaemonSet'].includes(o.kind));
const container = (objects: Obj[], name: string) => workloads(objects).find((w) => w.metadata.name === name)!.spec.template.spec.containers[0];

/** A project whose lock pins every official image of its components (the lock's `images` key). */
function pinnedProject(config: string, pins: (component: string) => boolean = () => true): string {
  const images = Object.fromEntries(
    COMPONENT_LIST.filter((c) => pins(c.name)).map((c, i) => {
      const o = OFFICIAL_IMAGES[c.name]!;
      return [c.name, { ref: o.repository, tag: o.tag((DEFAULT_VERSIONS as Record<string, string>)[c.name]!), digest: digest(i + 1) }];
    }),
  );
  return tempProject({ 'grafana-stack.config.yaml': config, 'grafana-stack.lock.json': JSON.stringify({ lockfileVersion: 1, components: {}, images }) });
}

test('every component has an official image, fully qualified, with upstream\'s tag spelling', () => {
  assert.deepEqual(COMPONENT_LIST.map((c) => c.name).filter((n) => !OFFICIAL_IMAGES[n]), []);
  const tags = Object.fromEntries(Object.entries(OFFICIAL_IMAGES).map(([n, o]) => [n, o.tag('1.2.3')]));
  assert.deepEqual(tags, {
    grafana: '1.2.3', prometheus: 'v1.2.3', alertmanager: 'v1.2.3', 'node-exporter': 'v1.2.3', loki: '1.2.3', tempo: '1.2.3',
    mimir: '1.2.3', pyroscope: '1.2.3', alloy: 'v1.2.3', 'kube-state-metrics': 'v1.2.3', proxy: '1.2.3',
  });
  for (const [n, o] of Object.entries(OFFICIAL_IMAGES)) {
    assert.match(o.repository, /^(docker\.io|registry\.k8s\.io)\/[a-z-]+\/[a-z-]+$/, n);
    assert.match(o.binary, /^\/[\w/-]+$/, n);
  }
});

test('render kubernetes, helm and compose reference the official images by tag and the lock\'s digest, and run each binary by its path', () => {
  const dir = pinnedProject('name: official\nalertmanager: {}\nproxy: {}\nkube-state-metrics: {}\n');
  for (const target of ['kubernetes', 'helm', 'compose']) {
    const r = cli(['render', target, '--out', target], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /by tag only/, 'every image is pinned');
  }
  const objects = readManifests<Obj>(join(dir, 'kubernetes'));
  const at = (component: string, n: number) => `${OFFICIAL_IMAGES[component]!.repository}:${OFFICIAL_IMAGES[component]!.tag((DEFAULT_VERSIONS as Record<string, string>)[component]!)}@${digest(n)}`;
  const index = (c: string) => COMPONENT_LIST.findIndex((x) => x.name === c) + 1;
  for (const w of workloads(objects)) {
    const c = w.spec.template.spec.containers[0];
    const component = w.metadata.name;
    assert.equal(c.image, at(component, index(component)), component);
    assert.deepEqual(c.command, [OFFICIAL_IMAGES[component]!.binary], component);
  }
  assert.equal(container(objects, 'kube-state-metrics').image, `registry.k8s.io/kube-state-metrics/kube-state-metrics:v${DEFAULT_VERSIONS['kube-state-metrics']}@${digest(index('kube-state-metrics'))}`);
  assert.match(container(objects, 'proxy').image, /^docker\.io\/library\/caddy:/);
  // Grafana: its homepath in the official image, and the image's GF_PATHS_* emptied so grafana.ini decides.
  const grafana = container(objects, 'grafana');
  assert.deepEqual(grafana.args.slice(0, 3), ['server', '--homepath', '/usr/share/grafana']);
  for (const v of ['GF_PATHS_CONFIG', 'GF_PATHS_DATA', 'GF_PATHS_HOME', 'GF_PATHS_LOGS', 'GF_PATHS_PLUGINS', 'GF_PATHS_PROVISIONING']) {
    assert.deepEqual(grafana.env.find((e: { name: string }) => e.name === v), { name: v, value: '' });
  }
  assert.equal(grafana.workingDir, '/var/lib/grafana', 'relative default paths land in the data volume');

  const values = parse(readFileSync(join(dir, 'helm/values.yaml'), 'utf8')) as Record<string, { image: Record<string, string> }>;
  assert.deepEqual(values.prometheus!.image, { repository: 'docker.io/prom/prometheus', tag: `v${DEFAULT_VERSIONS.prometheus}`, digest: digest(index('prometheus')), pullPolicy: 'IfNotPresent' });
  const compose = parse(readFileSync(join(dir, 'compose/compose.yaml'), 'utf8')) as { services: Record<string, { image: string; entrypoint: string[] }> };
  assert.equal(compose.services.loki!.image, at('loki', index('loki')));
  assert.deepEqual(compose.services.alertmanager!.entrypoint, ['/bin/alertmanager']);
});

test('an image the lock pins no digest for is referenced by tag, and render says so', () => {
  const dir = pinnedProject('name: partly\n', (c) => c !== 'loki' && c !== 'tempo');
  const r = cli(['render', 'kubernetes', '--out', 'k8s'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /note: official images by tag only, the lock pins no digest for loki, tempo: run `grafana-stack lock`/);
  const objects = readManifests<Obj>(join(dir, 'k8s'));
  assert.equal(container(objects, 'loki').image, `docker.io/grafana/loki:${DEFAULT_VERSIONS.loki}`);
  assert.match(container(objects, 'grafana').image, /@sha256:/);
});

test('kubernetes.registry is a mirror of the official paths, digests unchanged', () => {
  const dir = pinnedProject('name: mirrored\nkubernetes: { registry: mirror.example.com/hub }\n');
  assert.equal(cli(['render', 'kubernetes', '--out', 'k8s'], { cwd: dir }).code, 0);
  const objects = readManifests<Obj>(join(dir, 'k8s'));
  assert.match(container(objects, 'prometheus').image, new RegExp(`^mirror\\.example\\.com/hub/prom/prometheus:v${DEFAULT_VERSIONS.prometheus}@sha256:[0-9a-f]{64}$`));
  assert.match(container(objects, 'grafana').image, /^mirror\.example\.com\/hub\/grafana\/grafana:/);
});

test('images: built that were never pushed: Kubernetes and Helm refuse, naming the way out; Compose runs the local ones; check says what waits', () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': 'name: local\nimages: built\n' });
  for (const target of ['kubernetes', 'helm']) {
    const r = cli(['render', target, '--out', target], { cwd: dir });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /no cluster could pull these images\. Push them \(`grafana-stack images --push REGISTRY`, then render again\) or use the official images \(`images: official`/);
    assert.match(r.stderr, /grafana: localhost\/grafana-stack\/grafana:\S+ exists only on the machine that built it/);
    assert.ok(!existsSync(join(dir, target)), 'nothing written');
  }
  const compose = cli(['render', 'compose', '--out', 'compose'], { cwd: dir });
  assert.equal(compose.code, 0, compose.stderr);
  const doc = parse(readFileSync(join(dir, 'compose/compose.yaml'), 'utf8')) as { services: Record<string, { image: string; entrypoint: string[] }> };
  assert.equal(doc.services.prometheus!.image, `localhost/grafana-stack/prometheus:${DEFAULT_VERSIONS.prometheus}`);
  assert.deepEqual(doc.services.prometheus!.entrypoint, ['/opt/prometheus/prometheus']);
  const check = cli(['check', '--skip-validators'], { cwd: dir });
  assert.equal(check.code, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /- kubernetes: not rendered until the images are pushed \(grafana-stack images --push REGISTRY\)/);
  assert.match(check.stdout, /✓ compose renders/);
});

test('images: built after a recorded push: the cluster targets reference the pushed digests', () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': 'name: pushed\nimages: built\n' });
  const pushed = Object.fromEntries(
    ['grafana', 'prometheus', 'loki', 'tempo'].map((c, i) => {
      const version = (DEFAULT_VERSIONS as Record<string, string>)[c]!;
      return [c, { repository: `registry.example.com/team/${c}`, tag: version, digest: digest(40 + i), version }];
    }),
  );
  mkdirSync(join(dir, '.grafana-stack/images'), { recursive: true });
  writeFileSync(join(dir, '.grafana-stack/images/pushed.json'), JSON.stringify(pushed));
  const r = cli(['render', 'kubernetes', '--out', 'k8s'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const objects = readManifests<Obj>(join(dir, 'k8s'));
  assert.equal(container(objects, 'loki').image, `registry.example.com/team/loki:${DEFAULT_VERSIONS.loki}@${digest(42)}`);
  assert.deepEqual(container(objects, 'loki').command, ['/opt/loki/loki']);
  // A push of another version does not count: that image holds another binary.
  writeFileSync(join(dir, '.grafana-stack/images/pushed.json'), JSON.stringify({ ...pushed, loki: { ...pushed.loki, tag: '0.0.1', version: '0.0.1' } }));
  const stale = cli(['render', 'kubernetes', '--out', 'k8s'], { cwd: dir });
  assert.equal(stale.code, 2);
  assert.match(stale.stderr, /loki: .* \(the image pushed to registry\.example\.com\/team\/loki holds 0\.0\.1\)/);
});

test('pinned Grafana plugins need the project\'s image: with the official one they are refused, saying so', () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': 'name: plugged\ngrafana: { plugins: [{ id: grafana-clock-panel, version: 2.1.8 }] }\n' });
  const r = cli(['render', 'kubernetes', '--out', 'k8s'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /grafana: the addon grafana-plugin-grafana-clock-panel .* the official image docker\.io\/grafana\/grafana has no such layer: set `images: built`/);
  const built = cli(['--set', 'images=built', '--set', 'kubernetes.registry=registry.example.com/obs', 'render', 'kubernetes', '--out', 'k8s'], { cwd: dir });
  assert.equal(built.code, 0, built.stderr);
});

test('no rendered output of any fixture names an image that is not fully qualified (no grafana-stack/... for Docker Hub to resolve)', async () => {
  const qualified = /^(localhost|[a-z0-9-]+(\.[a-z0-9-]+)+(:\d+)?|[a-z0-9-]+:\d+)\/[a-z0-9._/-]+:[\w.-]+(@sha256:[0-9a-f]{64})?$/;
  let seen = 0;
  for (const fixture of readdirSync(join(ROOT, 'test/fixtures')).filter((f) => /\.config\.(ya?ml|ts)$/.test(f))) {
    const { config, file } = await loadConfig({ cwd: ROOT, file: join('test/fixtures', fixture) });
    const stack = await resolveStack(config, { source: file! });
    for (const target of ['compose', 'kubernetes', 'helm'] as const) {
      let files;
      try {
        files = (await renderStack(buildStack(stack), target, { outDir: '/out', projectDir: '/nonexistent' }));
      } catch (e) {
        // Mimir's S3 key from a secret is for the targets that can pass it as a variable.
        if (target === 'compose' && /compose target cannot set from a secret/.test((e as Error).message)) continue;
        throw e;
      }
      const text = files.filter((f) => /\.ya?ml$/.test(f.path)).map((f) => f.content).join('\n');
      for (const m of text.matchAll(/^\s*(?:- )?image: "?([^"\s{]+)"?$/gm)) {
        seen++;
        assert.match(m[1]!, qualified, `${fixture} ${target}`);
      }
      for (const m of text.matchAll(/^\s*repository: (\S+)$/gm)) assert.match(`${m[1]}:t`, qualified, `${fixture} ${target} values`);
      assert.doesNotMatch(text, /(^|[\s"'])grafana-stack\/[a-z-]+:\d/m, `${fixture} ${target}`);
    }
  }
  assert.ok(seen > 50, `only ${seen} image references found`);
});
