import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pruneCache, readCached, writeCached } from '../../src/core/user-cache.js';
import { tempProject } from '../helpers.js';

test('the user cache keeps at most 128 values, pruned to the 64 most recently written', () => {
  const env = { XDG_CACHE_HOME: tempProject() };
  const dir = join(env.XDG_CACHE_HOME, 'grafana-stack', 'stacks');
  for (let i = 0; i < 128; i++) {
    writeCached(`k${i}`, env, { i });
    // Distinct, increasing write times (a fast disk may give many writes one mtime).
    utimesSync(join(dir, `k${i}.json`), 1_000_000 + i, 1_000_000 + i);
  }
  assert.equal(readdirSync(dir).length, 128, 'not pruned below twice the number kept');
  writeCached('newest', env, { i: 128 });
  const left = readdirSync(dir);
  assert.equal(left.length, 64);
  assert.deepEqual(readCached('newest', env), { i: 128 });
  assert.deepEqual(readCached('k127', env), { i: 127 });
  assert.equal(readCached('k0', env), undefined, 'the oldest went first');
});

test('the user cache stays under its size: after a large value, the oldest go until it fits, never the one just written', () => {
  const dir = join(tempProject(), 'stacks');
  mkdirSync(dir);
  for (let i = 0; i < 6; i++) {
    writeFileSync(join(dir, `v${i}.json`), 'x'.repeat(1000));
    utimesSync(join(dir, `v${i}.json`), 1_000_000 + i, 1_000_000 + i);
  }
  pruneCache(dir, 'v5.json', false, { keep: 64, maxBytes: 3500 });
  assert.equal(readdirSync(dir).length, 6, 'sizes are read only after a large value');
  pruneCache(dir, 'v0.json', true, { keep: 64, maxBytes: 3500 });
  assert.deepEqual(readdirSync(dir).sort(), ['v0.json', 'v4.json', 'v5.json'], 'the oldest others went; the one just written stayed');
});
