import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { readCached, writeCached } from '../../src/core/user-cache.js';
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
