import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { releaseStoreKey } from '../../src/artifacts/providers/release.js';
import { currentPlatform } from '../../src/artifacts/platform.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';
import { cli, tempProject } from '../helpers.js';

/**
 * `render native` names store paths: they are the ones `up` and `fetch` use (the store
 * this environment names, the content key of the pinned release), and nothing else of the
 * machine reaches the files.
 */
const CONFIG = 'name: paths\ngrafana: false\nloki: false\ntempo: false\nalertmanager: false\n';
const services = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, 'out/services.json'), 'utf8')) as { services: { name: string; command: string }[] }).services;

test('render native names the pinned release at its content key in GRAFANA_STACK_STORE', () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': CONFIG });
  const pin = {
    url: 'https://github.com/prometheus/prometheus/releases/download/v3.16.0/prometheus-3.16.0.linux-amd64.tar.gz',
    sha256: 'a'.repeat(64),
    binaries: { prometheus: 'prometheus-3.16.0.linux-amd64/prometheus' },
  };
  const lock = { lockfileVersion: 1, components: { prometheus: { version: DEFAULT_VERSIONS.prometheus, release: { [currentPlatform()]: pin } } } };
  writeFileSync(join(dir, 'grafana-stack.lock.json'), JSON.stringify(lock));
  const store = mkdtempSync(join(tmpdir(), 'gs-store-'));
  const r = cli(['render', 'native', '--out', 'out'], { cwd: dir, env: { GRAFANA_STACK_STORE: store } });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(services(dir).find((s) => s.name === 'prometheus')?.command, join(store, `${releaseStoreKey(pin)}-prometheus-${DEFAULT_VERSIONS.prometheus}`, 'prometheus'));
  assert.doesNotMatch(r.stderr, /not pinned/);
});

test('render native of what is not pinned says so, and its paths follow the store, not HOME or XDG_CACHE_HOME', () => {
  const render = (env: NodeJS.ProcessEnv) => {
    const dir = tempProject({ 'grafana-stack.config.yaml': CONFIG });
    const r = cli(['render', 'native', '--out', 'out'], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    return { r, services: services(dir) };
  };
  const store = mkdtempSync(join(tmpdir(), 'gs-store-'));
  const a = render({ GRAFANA_STACK_STORE: store, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'gs-xdg-')) });
  const b = render({ GRAFANA_STACK_STORE: store, XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'gs-xdg-')), HOME: mkdtempSync(join(tmpdir(), 'gs-home-')) });
  // (The project directories differ; the commands, which name the store, must not.)
  assert.deepEqual(a.services.map((s) => s.command), b.services.map((s) => s.command));
  assert.equal(a.services.find((s) => s.name === 'prometheus')?.command, join(store, `unpinned-prometheus-${DEFAULT_VERSIONS.prometheus}`, 'prometheus'));
  assert.match(a.r.stderr, new RegExp(`note: not pinned for ${currentPlatform()} .*prometheus ${DEFAULT_VERSIONS.prometheus}.*grafana-stack lock`));
  const xdg = mkdtempSync(join(tmpdir(), 'gs-xdg-'));
  const c = render({ XDG_CACHE_HOME: xdg, GRAFANA_STACK_STORE: '' });
  assert.ok(c.services[0]!.command.startsWith(join(xdg, 'grafana-stack', 'store', 'unpinned-')), c.services[0]!.command);
});
