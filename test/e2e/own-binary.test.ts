import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempProject } from '../helpers.js';
import { builtComponent } from '../tools/components.js';
import { goVersion } from '../../src/artifacts/providers/source.js';

/**
 * The user's own binary (a distribution package, Homebrew, NixOS): Prometheus installed
 * outside the store, named with `binary:`. No lock pin, no download, no Go, no mirror: the
 * binary is version-checked, copied into the store, and runs. Ports 224xx.
 */
const built = await builtComponent('prometheus', await goVersion(process.env).catch(() => 'none'));
const skip = !built && 'prometheus is not built on this machine (npm run fetch:tools -- prometheus builds it)';
const root = tempProject();
const bin = join(root, 'usr/local/bin');
if (built) {
  mkdirSync(bin, { recursive: true });
  for (const b of ['prometheus', 'promtool']) copyFileSync(join(built.dir, b), join(bin, b));
}
const config = (extra = '') => `name: own\ngrafana: false\nloki: false\ntempo: false\nprometheus: { binary: ${join(bin, 'prometheus')}, port: 22490${extra} }\n`;
const dir = tempProject({ 'grafana-stack.config.yaml': config() });
const env = { NO_COLOR: '1', PATH: '/usr/bin:/bin', GOPROXY: 'off', GRAFANA_STACK_STORE: join(dir, '.store') };
const run = (...args: string[]) => cli(args, { cwd: dir, env });
after(() => {
  run('down');
  rmSync(root, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
});

test('a stack runs your own binary: version-checked, copied into the store, no lock pin, no download', { skip, timeout: 180_000 }, () => {
  const up = run('up', '--detach');
  assert.equal(up.code, 0, up.stderr + up.stdout);
  assert.match(up.stderr, new RegExp(`prometheus 3\\.16\\.0 is not in the store: copying your binary ${join(bin, 'prometheus').replaceAll('/', '\\/')}`));
  assert.match(up.stdout, /stack "own" is up: 1 services ready/);
  const lock = JSON.parse(readFileSync(join(dir, 'grafana-stack.lock.json'), 'utf8')) as { components: Record<string, object> };
  assert.deepEqual(lock.components.prometheus, { version: '3.16.0' }, 'nothing is pinned for your own binary');
  const which = run('which', 'promtool');
  assert.equal(which.code, 0, which.stderr);
  assert.ok(which.stdout.startsWith(join(dir, '.store')), 'promtool found beside it came along');
  const manifest = JSON.parse(readFileSync(join(which.stdout.trim(), '..', 'grafana-stack-manifest.json'), 'utf8')) as { origin: { provider: string; path: string } };
  assert.equal(manifest.origin.provider, 'system');
  assert.equal(manifest.origin.path, join(bin, 'prometheus'));
  const verify = run('verify');
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  assert.equal(run('down').code, 0);
});

test('your own binary at another version than the stack pins is refused, with both versions', { skip, timeout: 60_000 }, () => {
  const other = tempProject({ 'grafana-stack.config.yaml': config(', version: 3.15.0') });
  const r = cli(['up', '--detach'], { cwd: other, env: { ...env, GRAFANA_STACK_STORE: join(other, '.store') } });
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /is prometheus 3\.16\.0, but the stack pins 3\.15\.0: install 3\.15\.0, or set the component's version to 3\.16\.0/);
});
