import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../src/config/load.js';
import { resolveStack } from '../../src/resolve/resolve.js';
import { renderStack } from '../../src/render/render.js';
import { buildStack } from '../../src/plan/build.js';
import { CONFIG_MAP_BUDGET } from '../../src/targets/kubernetes/config-maps.js';
import { largeStack } from '../../bench/large-stack.js';
import { ROOT } from '../helpers.js';

/**
 * ConfigMaps over Kubernetes' 1 MiB limit: at 5x the benchmark's large stack, Grafana's
 * dashboards (3.2 MiB) and Prometheus' rule files (1.3 MiB) are split across ConfigMaps
 * under the limit, mounted as one projected volume where the configs name them; the layout
 * is held to a golden file; an added dashboard changes one ConfigMap; what cannot be split
 * is refused with the ConfigMap, its size and a way out.
 */
type Obj = { kind: string; metadata: { name: string }; data?: Record<string, string>; spec?: any };
const SECRET = 'admin-password-from-env-not-in-any-configmap';

async function render(definition: Record<string, unknown>, target: 'kubernetes' | 'helm' = 'kubernetes') {
  const dir = mkdtempSync(join(tmpdir(), 'gs-split-'));
  writeFileSync(join(dir, 'grafana-stack.config.json'), JSON.stringify(definition));
  const saved = process.env.GRAFANA_ADMIN_PASSWORD;
  process.env.GRAFANA_ADMIN_PASSWORD = SECRET;
  try {
    const { config, file } = await loadConfig({ cwd: dir });
    const stack = await resolveStack(config, { source: file! });
    return await renderStack(buildStack(stack), target, { outDir: '/srv/stack/out', projectDir: '/srv/stack' });
  } finally {
    if (saved === undefined) delete process.env.GRAFANA_ADMIN_PASSWORD;
    else process.env.GRAFANA_ADMIN_PASSWORD = saved;
  }
}
const objects = (files: { path: string; content: string }[]) =>
  files.filter((f) => f.path.endsWith('.yaml')).flatMap((f) => parseAllDocuments(f.content).map((d) => d.toJS() as Obj | null)).filter((o): o is Obj => o !== null);
const configMaps = (objs: Obj[]) => objs.filter((o) => o.kind === 'ConfigMap');

const large = largeStack(5);
const files = await render(large);
const objs = objects(files);

test('5x the large stack: every ConfigMap stays under the limit, with its metadata', () => {
  const maps = configMaps(objs);
  assert.ok(maps.length > 4, `split into ${maps.length} ConfigMaps`);
  for (const m of maps) {
    const size = Buffer.byteLength(JSON.stringify(m));
    assert.ok(size <= CONFIG_MAP_BUDGET, `${m.metadata.name}: ${size} bytes`);
    assert.ok(CONFIG_MAP_BUDGET < 1024 * 1024 - 64 * 1024, 'a margin under 1 MiB');
  }
  const total = (service: string) => maps.filter((m) => m.metadata.name.startsWith(`${service}-`)).reduce((n, m) => n + Buffer.byteLength(JSON.stringify(m.data)), 0);
  assert.ok(total('grafana') > 2 * 1024 * 1024 && total('prometheus') > 1024 * 1024, 'the stack is really over the limit');
});

test('5x the large stack: each service finds every file where its config names it, from one projected volume', () => {
  for (const service of ['grafana', 'prometheus']) {
    const sts = objs.find((o) => o.kind === 'StatefulSet' && o.metadata.name === service)!;
    const volume = sts.spec.template.spec.volumes.find((v: any) => v.name === 'config');
    const sources: { configMap: { name: string; items: { key: string; path: string }[] } }[] = volume.projected.sources;
    assert.equal(sources[0]!.configMap.name, `${service}-config`, 'the main config first');
    const mounted = new Map<string, string>();
    for (const s of sources) {
      const m = configMaps(objs).find((x) => x.metadata.name === s.configMap.name);
      assert.ok(m, `${service}: the projected ConfigMap ${s.configMap.name} is rendered`);
      assert.deepEqual(s.configMap.items.map((i) => i.key).sort(), Object.keys(m!.data!).sort(), `${s.configMap.name}: every key mounted, none missing`);
      for (const i of s.configMap.items) {
        assert.ok(!mounted.has(i.path), `${i.path} mounted once`);
        mounted.set(i.path, m!.data![i.key]!);
      }
    }
    const mount = sts.spec.template.spec.containers[0].volumeMounts.find((v: any) => v.name === 'config');
    assert.equal(mount.mountPath, `/etc/grafana-stack/${service}`);
    if (service === 'grafana') {
      assert.equal(mounted.size, 2500 + 1 + 6, 'the dashboards, the stack overview, grafana.ini and five provisioning files');
      assert.ok(mounted.has('grafana.ini') && mounted.has('provisioning/dashboards/stack.yaml') && mounted.has('dashboards/General/bench-1234.json'));
      assert.match(mounted.get('provisioning/dashboards/stack.yaml')!, /path: \/etc\/grafana-stack\/grafana\/dashboards/);
      assert.deepEqual(Object.keys(configMaps(objs).find((m) => m.metadata.name === 'grafana-config')!.data!).filter((k) => k.startsWith('dashboards')), [], 'no dashboard in the main config');
    } else {
      assert.equal(mounted.size, 1 + 500);
      assert.match(mounted.get('prometheus.yml')!, /- \/etc\/prometheus\/rules\/\*\.yml|rules\//);
      assert.ok(mounted.has('rules/group-499.yml'));
    }
  }
});

test('5x the large stack: no secret value in any ConfigMap', () => {
  for (const m of configMaps(objs)) assert.ok(!JSON.stringify(m).includes(SECRET), m.metadata.name);
  assert.ok(objs.every((o) => o.kind !== 'Secret'), 'Secrets are referenced, never rendered');
});

test('5x the large stack: the split layout matches its golden file (names, order, first and last key)', () => {
  const layout = configMaps(objs).map((m) => {
    const keys = Object.keys(m.data!);
    return { name: m.metadata.name, keys: keys.length, first: keys[0], last: keys.at(-1) };
  });
  const golden = join(ROOT, 'test/golden/config-split/large-x5.json');
  if (process.env.UPDATE_GOLDEN) {
    mkdirSync(dirname(golden), { recursive: true });
    writeFileSync(golden, `${JSON.stringify(layout, null, 2)}\n`);
  }
  assert.ok(existsSync(golden), 'no golden file: run with UPDATE_GOLDEN=1');
  assert.deepEqual(layout, JSON.parse(readFileSync(golden, 'utf8')));
});

test('one added dashboard changes one ConfigMap, not those after it', async () => {
  const dashboards = [...(large.dashboards as unknown[])];
  dashboards.splice(3, 0, { uid: 'bench-1000a', title: 'One more', panels: [] });
  const more = configMaps(objects(await render({ ...large, dashboards })));
  const byName = new Map(configMaps(objs).map((m) => [m.metadata.name, JSON.stringify(m.data)]));
  const changed = more.filter((m) => byName.get(m.metadata.name) !== JSON.stringify(m.data)).map((m) => m.metadata.name);
  assert.ok(changed.filter((n) => n.startsWith('grafana-dashboards-')).length === 1, `changed: ${changed.join(', ')}`);
  assert.ok(changed.length <= 2, `changed: ${changed.join(', ')} (the dashboards' ConfigMap, and grafana-config only if it lists the home dashboard)`);
});

test('a stack under the limit keeps its one ConfigMap, mounted as before', async () => {
  const small = objects(await render(largeStack(1)));
  assert.deepEqual(configMaps(small).filter((m) => m.metadata.name.startsWith('grafana')).map((m) => m.metadata.name), ['grafana-config']);
  const sts = small.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'grafana')!;
  assert.equal(sts.spec.template.spec.volumes.find((v: any) => v.name === 'config').configMap.name, 'grafana-config');
});

test('a dashboard over the limit is refused, naming it, its size and a way out', async () => {
  const huge = { uid: 'huge', title: 'Huge', panels: Array.from({ length: 6000 }, (_, i) => ({ id: i + 1, type: 'text', title: `Note ${i}`, options: { content: 'x'.repeat(200) } })) };
  await assert.rejects(render({ name: 'big', dashboards: [huge] }), (e: Error) => {
    assert.match(e.message, /grafana: dashboards\/General\/huge\.json is 1\.\d\d MiB, more than one ConfigMap can hold \(900 KiB here; Kubernetes refuses one over 1 MiB\)/);
    assert.match(e.message, /Make it smaller \(split it into several/);
    return true;
  });
});

test('a main config over the limit is refused, naming the ConfigMap, its size and a way out', async () => {
  const scrape = Array.from({ length: 14000 }, (_, j) => ({ job: `job-with-a-long-name-${j}`, targets: [`host-${j}.example.internal:9100`] }));
  await assert.rejects(render({ name: 'big', grafana: false, loki: false, tempo: false, prometheus: { scrape } }), (e: Error) => {
    assert.match(e.message, /ConfigMap prometheus-config would be 1\.\d\d MiB, over the 900 KiB a ConfigMap may take here \(Kubernetes refuses one over 1 MiB\)/);
    assert.match(e.message, /main config, which cannot be split across ConfigMaps \(largest: prometheus\.yml 1\.\d\d MiB\)/);
    assert.match(e.message, /Make them smaller .* or run this service with a target that reads files without a size limit/);
    return true;
  });
  await assert.rejects(render({ name: 'big', grafana: false, loki: false, tempo: false, prometheus: { scrape } }, 'helm'), /ConfigMap prometheus-config would be/, 'the chart is refused too');
});
