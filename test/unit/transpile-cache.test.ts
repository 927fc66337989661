import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { transpileCacheDir } from '../../src/config/transpile-cache.js';
import { tempProject } from '../helpers.js';

/** The transpiled definitions are code that runs: kept only where nobody else can write or read. */
test('the transpile cache is made owner-only, and one that others can reach is not used', () => {
  const home = tempProject();
  const dir = transpileCacheDir({ XDG_CACHE_HOME: home });
  assert.equal(dir, join(home, 'grafana-stack', 'transpiled'));
  assert.equal(statSync(dir).mode & 0o777, 0o700);

  const shared = tempProject();
  mkdirSync(join(shared, 'grafana-stack', 'transpiled'), { recursive: true });
  chmodSync(join(shared, 'grafana-stack', 'transpiled'), 0o777);
  assert.equal(transpileCacheDir({ XDG_CACHE_HOME: shared }), false, 'a directory others can write');
  chmodSync(join(shared, 'grafana-stack', 'transpiled'), 0o750);
  assert.equal(transpileCacheDir({ XDG_CACHE_HOME: shared }), false, 'a directory others can read');
});
