import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, tempProject } from '../helpers.js';
import { FOUNDATION_SDK_VERSION } from '../../src/cli/starter-config.js';

/**
 * A definition where users write it: in a directory of their own, with no node_modules,
 * run by an installed copy of the tool (as `npx grafana-stack` runs it from npm's cache).
 * The README's headline example imports the Grafana Foundation SDK; it must load there.
 */
const pkg = tempProject();
for (const f of ['package.json', 'bin', 'dist']) cpSync(join(ROOT, f), join(pkg, f), { recursive: true });
// npx installs the tool's dependencies beside it, never in the user's project.
symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
const bin = join(pkg, 'bin', 'grafana-stack.js');
const run = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

const HEADLINE = `import { defineStack } from 'grafana-stack';
import { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as TimeseriesPanel } from '@grafana/grafana-foundation-sdk/timeseries';
import { DataqueryBuilder as PromQuery } from '@grafana/grafana-foundation-sdk/prometheus';

const api = new DashboardBuilder('API')
  .uid('api')
  .withPanel(new TimeseriesPanel().title('Request rate').withTarget(new PromQuery().expr('sum by (code) (rate(http_requests_total{job="api"}[$__rate_interval]))')));

export default defineStack({
  name: 'shop',
  grafana: { port: 3000, adminPassword: { env: 'GRAFANA_ADMIN_PASSWORD' } },
  prometheus: { retention: '15d', scrape: [{ job: 'api', targets: ['127.0.0.1:8080'] }] },
  dashboards: [{ folder: 'Shop', dashboard: api }],
});
`;

test('a TypeScript definition outside any project resolves grafana-stack and the Foundation SDK from the tool itself', () => {
  const dir = tempProject({ 'grafana-stack.config.ts': HEADLINE });
  const r = run(dir, 'config', '--format', 'json');
  assert.equal(r.status, 0, r.stderr);
  const stack = JSON.parse(r.stdout) as { dashboards: { uid: string; folder: string }[] };
  assert.ok(stack.dashboards.some((d) => d.uid === 'api' && d.folder === 'Shop'), r.stdout.slice(0, 500));
  const check = run(dir, 'check', '--skip-validators');
  assert.equal(check.status, 0, check.stderr);
  assert.match(check.stdout, /queries parse \(PromQL \d+/);
});

test("a project's own copy of the SDK wins over the tool's", () => {
  const dir = tempProject({ 'grafana-stack.config.ts': `import { defineStack } from 'grafana-stack';\nimport { marker } from '@grafana/grafana-foundation-sdk/dashboard';\nexport default defineStack({ name: marker });\n` });
  const own = join(dir, 'node_modules/@grafana/grafana-foundation-sdk');
  mkdirSync(join(own, 'dist'), { recursive: true });
  writeFileSync(join(own, 'package.json'), JSON.stringify({ name: '@grafana/grafana-foundation-sdk', version: '9.9.9', exports: { './dashboard': './dist/dashboard.js' } }));
  writeFileSync(join(own, 'dist/dashboard.js'), "exports.marker = 'own-copy';\n");
  const r = run(dir, 'config', '--format', 'json');
  assert.equal(r.status, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { name: string }).name, 'own-copy');
});

test('init writes what an editor needs for types: a package.json and a tsconfig.json that type-check the starter', () => {
  const dir = tempProject();
  const r = run(dir, 'init');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /`npm install` gives your editor the types/);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const ours = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string> };
  assert.deepEqual(manifest.devDependencies, { 'grafana-stack': `^${ours.version}`, '@grafana/grafana-foundation-sdk': ours.dependencies['@grafana/grafana-foundation-sdk'] });
  assert.equal(FOUNDATION_SDK_VERSION, ours.dependencies['@grafana/grafana-foundation-sdk']);
  // What `npm install` would put there (offline: the tool as installed, and its SDK).
  mkdirSync(join(dir, 'node_modules/@grafana'), { recursive: true });
  symlinkSync(pkg, join(dir, 'node_modules/grafana-stack'));
  symlinkSync(join(ROOT, 'node_modules/@grafana/grafana-foundation-sdk'), join(dir, 'node_modules/@grafana/grafana-foundation-sdk'));
  writeFileSync(join(dir, 'grafana-stack.config.ts'), HEADLINE);
  const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' });
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
  writeFileSync(join(dir, 'grafana-stack.config.ts'), HEADLINE.replace("retention: '15d'", 'retention: 15'));
  const bad = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' });
  assert.notEqual(bad.status, 0, 'the types are real: a number for a duration is refused');
  assert.match(bad.stdout, /grafana-stack\.config\.ts\(\d+,\d+\): error TS2322/);
});
