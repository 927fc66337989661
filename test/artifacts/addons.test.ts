import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempProject } from '../helpers.js';
import { servePluginZips, testPluginZip } from '../fixtures/plugin-zip.js';
import { standIn } from '../fixtures/upstream-mirror.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';

/**
 * Grafana plugins as addons: `lock` downloads each zip once, checks its plugin.json, and
 * pins its sha256; `fetch` unpacks exactly those bytes into the store and refuses others.
 * A local server plays grafana.com, and can be made to serve other bytes.
 */
const ID = 'grafana-stack-test-panel';
const served: Record<string, Buffer> = { 'good.zip': testPluginZip(ID, '1.0.0'), 'other-id.zip': testPluginZip('someone-else-panel', '1.0.0'), 'not-a-zip': Buffer.from('<html>') };
const server = await servePluginZips(served);
const base = server.base;
after(() => server.stop());

// Grafana itself is the user's own binary here (a STAND-IN script): no release needs pinning.
const grafanaBin = join(tempProject(), 'grafana');
writeFileSync(grafanaBin, standIn('grafana', DEFAULT_VERSIONS.grafana), { mode: 0o755 });
const config = (url: string, version = '1.0.0') =>
  `name: plugins\nprometheus: false\nloki: false\ntempo: false\ngrafana:\n  binary: ${grafanaBin}\n  plugins: [{ id: ${ID}, version: ${version}, url: "${url}", unsigned: true }]\n`;
const store = tempProject();
const env = { XDG_CACHE_HOME: store, NO_COLOR: '1', PATH: '/usr/bin:/bin', GOPROXY: 'off' };
const lockOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'grafana-stack.lock.json'), 'utf8')) as { addons?: Record<string, { version: string; release: Record<string, { sha256: string; url: string; assets: Record<string, string> }> }> };

test('lock pins a plugin by the sha256 of its zip, after checking its plugin.json', () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': config(`${base}/good.zip`) });
  const r = cli(['lock'], { cwd: dir, env });
  assert.equal(r.code, 0, r.stderr);
  const pin = lockOf(dir).addons?.[`grafana-plugin-${ID}`];
  assert.ok(pin, 'the plugin is in the lock');
  assert.equal(pin.version, '1.0.0');
  const release = Object.values(pin.release)[0]!;
  assert.equal(release.sha256, createHash('sha256').update(served['good.zip']!).digest('hex'));
  assert.deepEqual(release.assets, { addon: ID });
  assert.match(r.stdout, new RegExp(`grafana-plugin-${ID} 1\\.0\\.0`));
});

test('a zip of another plugin, or no zip at all, is refused at lock time with the URL', () => {
  const other = tempProject({ 'grafana-stack.config.yaml': config(`${base}/other-id.zip`) });
  const r = cli(['lock'], { cwd: other, env });
  assert.equal(r.code, 3);
  assert.match(r.stderr, /other-id\.zip: someone-else-panel\/plugin\.json says id is "someone-else-panel", the stack declares "grafana-stack-test-panel"/);
  assert.equal(existsSync(join(other, 'grafana-stack.lock.json')), false, 'nothing written');
  const html = tempProject({ 'grafana-stack.config.yaml': config(`${base}/not-a-zip`) });
  const h = cli(['lock'], { cwd: html, env });
  assert.equal(h.code, 3);
  assert.match(h.stderr, /not-a-zip is not a zip archive/);
});

test('fetch unpacks the pinned bytes into the store, and refuses a zip that changed since', () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': config(`${base}/good.zip`) });
  assert.equal(cli(['lock'], { cwd: dir, env }).code, 0);
  const name = `grafana-plugin-${ID}`;
  const first = cli(['fetch', name], { cwd: dir, env });
  assert.equal(first.code, 0, first.stderr);
  const entry = /: (\/\S+) \(/.exec(first.stdout)?.[1];
  assert.ok(entry && existsSync(join(entry, 'addon/plugin.json')), first.stdout);
  assert.equal(JSON.parse(readFileSync(join(entry, 'addon/plugin.json'), 'utf8')).id, ID);

  server.publish({ 'good.zip': testPluginZip(ID, '1.0.0', { 'module.js': 'alert("changed upstream")' }) });
  const fresh = tempProject();
  const again = cli(['fetch', name], { cwd: dir, env: { ...env, XDG_CACHE_HOME: fresh } });
  assert.notEqual(again.code, 0, 'a changed zip is refused');
  assert.match(again.stderr, /sha256/i);
});
