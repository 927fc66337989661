import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, readTree, tempProject, ROOT } from '../helpers.js';

test('--version prints the package version', () => {
  const r = cli(['--version'], { cwd: tempProject() });
  assert.equal(r.code, 0);
  assert.equal(r.stdout.trim(), JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version);
});

test('unknown command and missing arguments are usage errors (exit 2)', () => {
  const dir = tempProject();
  assert.equal(cli(['frobnicate'], { cwd: dir }).code, 2);
  const r = cli(['render', 'native'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /render needs --out DIR/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace for a usage error');
});

test('init writes a starter config that checks clean, and refuses to overwrite it', () => {
  const dir = tempProject();
  assert.equal(cli(['init'], { cwd: dir }).code, 0);
  assert.ok(existsSync(join(dir, 'grafana-stack.config.ts')));
  const check = cli(['check', '--skip-validators'], { cwd: dir });
  assert.equal(check.code, 0, check.stderr);
  assert.match(check.stdout, /grafana-stack\.config\.ts: schema, ports and references are valid/);
  const again = cli(['init'], { cwd: dir });
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already exists/);
});

test('config prints the resolved stack as YAML or JSON, for one component too', () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': 'name: demo\nloki:\n  retention: 3d\n' });
  const y = cli(['config'], { cwd: dir });
  assert.equal(y.code, 0, y.stderr);
  assert.match(y.stdout, /^name: demo$/m);
  const j = JSON.parse(cli(['config', '--component', 'loki', '--format', 'json'], { cwd: dir }).stdout);
  assert.equal(j.options.retention, '3d');
  assert.equal(j.ports.http, 3100);
  const off = cli(['config', '--component', 'mimir'], { cwd: dir });
  assert.equal(off.code, 2);
  assert.match(off.stderr, /"mimir" is not enabled/);
});

test('schema prints a JSON Schema that describes the components', () => {
  const r = cli(['schema'], { cwd: tempProject() });
  assert.equal(r.code, 0);
  const s = JSON.parse(r.stdout);
  assert.equal(s.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.ok(s.properties.loki && s.properties.grafana && s.properties.rules);
  assert.equal(s.additionalProperties, false);
});

test('bad input: clear error naming the path, exit 2, nothing written', () => {
  const dir = tempProject({ 'grafana-stack.config.json': JSON.stringify({ loki: { retention: 7 }, grafana: { port: 'x' } }) });
  const r = cli(['render', 'native', '--out', 'out'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /loki\.retention: expected a duration such as "15d" or "30s", got number 7/);
  assert.match(r.stderr, /grafana\.port: expected a port number, got "x"/);
  assert.ok(!existsSync(join(dir, 'out')), 'no output directory');
  assert.ok(!existsSync(join(dir, '.grafana-stack')), 'no state directory');
});

test('check catches a broken PromQL expression in a dashboard with a precise message', () => {
  const dir = tempProject({
    'grafana-stack.config.ts': `import { defineStack } from 'grafana-stack';
import { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
const d = new DashboardBuilder('Checkout').withPanel(
  new PanelBuilder().title('Latency').withTarget(new DataqueryBuilder().expr('histogram_quantile(0.9, rate(x_bucket[5m])').refId('A')),
);
export default defineStack({ dashboards: [d] });
`,
  });
  // The SDK resolves from this repository's node_modules, as it would from a user's project.
  mkdirSync(join(dir, 'node_modules/@grafana'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  cliSymlink(dir);
  const r = cli(['check'], { cwd: dir });
  assert.equal(r.code, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /dashboard "Checkout" › panel "Latency" › query A: PromQL syntax error at 1:\d+ at the end of the query/);
});

test('render native writes the documented layout, secrets 0600 outside it', () => {
  const dir = tempProject();
  const r = cli(['render', 'native', '--out', 'out'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  for (const f of ['prometheus/prometheus.yml', 'loki/loki.yaml', 'tempo/tempo.yaml', 'grafana/grafana.ini', 'grafana/provisioning/datasources/stack.yaml', 'services.json']) {
    assert.ok(existsSync(join(dir, 'out', f)), f);
  }
  const secret = join(dir, '.grafana-stack/secrets/grafana-admin-password');
  assert.equal(statSync(secret).mode & 0o777, 0o600);
  assert.equal(statSync(join(dir, '.grafana-stack/secrets')).mode & 0o777, 0o700);
  const password = readFileSync(secret, 'utf8');
  assert.ok(password.length >= 20);
  const all = [...readTree(join(dir, 'out')).values()].map(String).join('\n');
  assert.ok(!all.includes(password), 'the password is not in any rendered file');
  assert.doesNotMatch(r.stdout + r.stderr, new RegExp(password));
  // Rendering again keeps the generated secret.
  cli(['render', 'native', '--out', 'out'], { cwd: dir });
  assert.equal(readFileSync(secret, 'utf8'), password);
});

test('render twice gives identical bytes (every target, and all)', () => {
  const dir = tempProject();
  for (const target of ['native', 'systemd', 'compose', 'kubernetes', 'all']) {
    assert.equal(cli(['render', target, '--out', 'a'], { cwd: dir }).code, 0);
    const first = readTree(join(dir, 'a'));
    assert.equal(cli(['render', target, '--out', 'a'], { cwd: dir }).code, 0);
    assert.deepEqual(readTree(join(dir, 'a')), first, target);
  }
});

test('render never replaces a directory it did not write', () => {
  const dir = tempProject({ 'mine/notes.txt': 'precious' });
  const r = cli(['render', 'native', '--out', 'mine'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /already holds files that grafana-stack did not write/);
  assert.equal(readFileSync(join(dir, 'mine/notes.txt'), 'utf8'), 'precious');
});

test('a missing environment secret is a clear error', () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': 'grafana:\n  adminPassword:\n    env: GS_TEST_UNSET_PW\n' });
  const r = cli(['render', 'native', '--out', 'out'], { cwd: dir, env: { GS_TEST_UNSET_PW: '' } });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /grafana secret admin-password: environment variable GS_TEST_UNSET_PW is not set/);
  assert.ok(!existsSync(join(dir, 'out')));
});

/** A user's project has grafana-stack and the SDK in node_modules: link this checkout's. */
function cliSymlink(dir: string): void {
  symlinkSync(join(ROOT, 'node_modules/@grafana/grafana-foundation-sdk'), join(dir, 'node_modules/@grafana/grafana-foundation-sdk'));
}

test('compose without Docker Compose, or with an unknown action, is a clear error before any work', () => {
  const dir = tempProject();
  const missing = cli(['compose', 'up'], { cwd: dir, env: { GRAFANA_STACK_COMPOSE: '/nonexistent/docker-compose' } });
  assert.equal(missing.code, 69, missing.stderr);
  assert.match(missing.stderr, /Docker Compose is not installed/);
  assert.ok(!existsSync(join(dir, '.grafana-stack')), 'nothing is written when Compose is missing');
  const bad = cli(['compose', 'sideways'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /compose needs one action: up or down/);
});

test('images names an unknown component and lists the enabled ones', () => {
  const dir = tempProject();
  const r = cli(['images', 'mimir'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /not a component of this stack: mimir \(enabled: grafana, prometheus, loki, tempo\)/);
});

test('k8s without kubectl: a clear error (exit 69) before anything is rendered', () => {
  const dir = tempProject();
  const r = cli(['k8s', 'apply'], { cwd: dir, env: { GRAFANA_STACK_KUBECTL: '/nonexistent/kubectl' } });
  assert.equal(r.code, 69);
  assert.match(r.stderr, /k8s needs kubectl: "\/nonexistent\/kubectl" was not found/);
  assert.ok(!existsSync(join(dir, '.grafana-stack', 'kubernetes')));
  const usage = cli(['k8s', 'deploy'], { cwd: dir });
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /k8s needs one action: apply, diff, delete/);
});

test('--set and GRAFANA_STACK_* override the definition: defaults < file < environment < --set', () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': 'grafana: { port: 3100 }\nloki: { port: 3200 }\n' });
  const r = cli(['render', 'native', '--out', 'out', '--set', 'grafana.port=3001'], { cwd: dir, env: { GRAFANA_STACK_GRAFANA_PORT: '3002', GRAFANA_STACK_LOKI_PORT: '3201' } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(readFileSync(join(dir, 'out/grafana/grafana.ini'), 'utf8'), /^http_port = 3001$/m, '--set wins over the environment');
  assert.match(readFileSync(join(dir, 'out/loki/loki.yaml'), 'utf8'), /http_listen_port: 3201/, 'the environment wins over the file');
  const bad = cli(['render', 'native', '--out', 'bad', '--set', 'grafana.port=70000'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /with --set grafana\.port=70000\n\s+grafana\.port: expected a port from 1 to 65535/);
  assert.ok(!existsSync(join(dir, 'bad')));
});
