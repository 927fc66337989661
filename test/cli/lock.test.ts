import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cli, tempProject } from '../helpers.js';

/**
 * `lock`, `which` and the lock's consistency checks, with module hashes from the real Go
 * module proxy. (Fetching a real component takes minutes: the source provider itself is
 * tested on a tiny module in test/artifacts/source.test.ts.)
 */
const hasGo = spawnSync('go', ['version']).status === 0;
const only = (extra = '') => `grafana: false\nloki: false\ntempo: false\nprometheus: {${extra}}\n`;

test('lock pins each component by module hash; which and fetch need it and say so', { skip: !hasGo && 'Go toolchain not installed', timeout: 300_000 }, () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': only() });
  const env = { GRAFANA_STACK_STORE: join(dir, 'store') };
  const before = cli(['which', 'prometheus'], { cwd: dir, env });
  assert.equal(before.code, 2);
  assert.match(before.stderr, /no grafana-stack\.lock\.json: run `grafana-stack lock` first/);

  const r = cli(['lock'], { cwd: dir, env });
  assert.equal(r.code, 0, r.stderr);
  const lock = JSON.parse(readFileSync(join(dir, 'grafana-stack.lock.json'), 'utf8'));
  assert.deepEqual(Object.keys(lock.components), ['prometheus']);
  assert.equal(lock.components.prometheus.version, '3.16.0');
  assert.equal(lock.components.prometheus.source.module, 'github.com/prometheus/prometheus');
  assert.match(lock.components.prometheus.source.sum, /^h1:[A-Za-z0-9+/]{43}=$/);

  const which = cli(['which', 'prometheus'], { cwd: dir, env });
  assert.equal(which.code, 3);
  assert.match(which.stderr, /prometheus 3\.16\.0 is not in the store: run grafana-stack fetch prometheus/);

  // A version bump makes the lock stale until `lock --update`.
  writeFileSync(join(dir, 'grafana-stack.config.yaml'), only(' version: "3.14.0" '));
  const stale = cli(['lock'], { cwd: dir, env });
  assert.equal(stale.code, 2);
  assert.match(stale.stderr, /prometheus: the stack runs 3\.14\.0, the lock pins 3\.16\.0/);
  const w = cli(['which', 'prometheus'], { cwd: dir, env });
  assert.match(w.stderr, /the lock file is out of date: run `grafana-stack lock --update`/);
  const upd = cli(['lock', '--update'], { cwd: dir, env });
  assert.equal(upd.code, 0, upd.stderr);
  assert.equal(JSON.parse(readFileSync(join(dir, 'grafana-stack.lock.json'), 'utf8')).components.prometheus.source.version, 'v0.314.0');
});

test('a lock file with a malformed hash is rejected with its path', () => {
  const dir = tempProject({
    'grafana-stack.config.yaml': only(),
    'grafana-stack.lock.json': JSON.stringify({ lockfileVersion: 1, components: { prometheus: { version: '3.16.0', source: { module: 'm', version: 'v1', sum: 'nope', packages: {} } } } }),
  });
  const r = cli(['which', 'prometheus'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /components\.prometheus\.source\.sum: expected a go\.sum hash \(h1:\.\.\.\), got "nope"/);
});

test('which prints a stored binary, and refuses it once tampered with', async () => {
  const { addEntry } = await import('../../src/artifacts/store.js');
  const { sourceStoreKey } = await import('../../src/artifacts/providers/source.js');
  const { chmodSync, appendFileSync } = await import('node:fs');
  const source = { module: 'github.com/prometheus/prometheus', version: 'v0.316.0', sum: `h1:${'A'.repeat(43)}=`, packages: { prometheus: './cmd/prometheus' } };
  const dir = tempProject({
    'grafana-stack.config.yaml': only(),
    'grafana-stack.lock.json': JSON.stringify({ lockfileVersion: 1, components: { prometheus: { version: '3.16.0', source } } }),
  });
  const store = join(dir, 'store');
  // Same module, version and hash but other build flags: never taken for this lock entry.
  await addEntry(store, sourceStoreKey({ ...source, ldflags: ['-X main.other=1'] }, 'go1.26.8'), { component: 'prometheus', version: '3.16.0', origin: { provider: 'source', ...source, go: 'go1.26.8' } }, async (d) =>
    writeFileSync(join(d, 'prometheus'), '#!/bin/sh\n# other flags\n', { mode: 0o755 }),
  );
  const otherOnly = cli(['which', 'prometheus'], { cwd: dir, env: { GRAFANA_STACK_STORE: store } });
  assert.notEqual(otherOnly.code, 0, `an entry built with other flags was taken: ${otherOnly.stdout}`);
  const e = await addEntry(store, sourceStoreKey(source, 'go1.26.8'), { component: 'prometheus', version: '3.16.0', origin: { provider: 'source', ...source, go: 'go1.26.8' } }, async (d) =>
    writeFileSync(join(d, 'prometheus'), '#!/bin/sh\n', { mode: 0o755 }),
  );
  const ok = cli(['which', 'prometheus'], { cwd: dir, env: { GRAFANA_STACK_STORE: store } });
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout.trim(), join(e.dir, 'prometheus'));
  chmodSync(join(e.dir, 'prometheus'), 0o755);
  appendFileSync(join(e.dir, 'prometheus'), 'evil\n');
  const bad = cli(['which', 'prometheus'], { cwd: dir, env: { GRAFANA_STACK_STORE: store } });
  assert.equal(bad.code, 3);
  assert.match(bad.stderr, /was modified after it was stored: refusing to use it/);
  assert.match(bad.stderr, /prometheus: sha256 [0-9a-f]{64} does not match the recorded [0-9a-f]{64}/);
});
