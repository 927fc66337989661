import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempProject } from '../helpers.js';
import { componentMissing } from '../tools/binaries.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';
import { defaultStoreDir, storedBinary } from '../../src/artifacts/store.js';
import { batchArgs, runValidators, VALIDATORS } from '../../src/validators/validators.js';

/** `check` starts a validator once for all the files it takes, and still names the file that fails. */
const promtool = await storedBinary(defaultStoreDir(), 'prometheus', DEFAULT_VERSIONS.prometheus, 'promtool');

test('a validator whose file is a trailing operand takes every file in one run; an option value takes one', () => {
  const byName = new Map(VALIDATORS.map((v) => [v.name, v]));
  assert.deepEqual(batchArgs(byName.get('promtool check rules')!, ['/r/a.yml', '/r/b.yml']), ['check', 'rules', '/r/a.yml', '/r/b.yml']);
  assert.deepEqual(batchArgs(byName.get('promtool check config')!, ['/a', '/b']), ['check', 'config', '/a', '/b']);
  assert.equal(batchArgs(byName.get('caddy validate')!, ['/a', '/b']), undefined, '--config FILE takes one file');
  assert.equal(batchArgs(byName.get('loki -verify-config')!, ['/a', '/b']), undefined, '-config.file=FILE takes one file');
});

const GOOD = 'groups:\n  - name: g\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n';
const BAD = 'groups:\n  - name: g\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up\n';

test('promtool check rules runs once for all rule files, and once per file only to say which one fails', { skip: !promtool && componentMissing('prometheus', DEFAULT_VERSIONS.prometheus, 'promtool') }, async () => {
  const dir = tempProject();
  const runs = join(dir, 'runs');
  // The real promtool, behind a wrapper that counts how often it is started.
  const wrapper = join(dir, 'promtool');
  writeFileSync(wrapper, `#!/bin/sh\necho run >> ${runs}\nexec ${promtool} "$@"\n`, { mode: 0o755 });
  const locate = async () => ({ path: wrapper, version: DEFAULT_VERSIONS.prometheus, from: 'the store' });
  const out = join(dir, 'out');
  mkdirSync(join(out, 'prometheus/rules'), { recursive: true });
  for (const f of ['a', 'b', 'c']) writeFileSync(join(out, `prometheus/rules/${f}.yml`), GOOD);
  writeFileSync(runs, '');
  const good = await runValidators(out, locate);
  assert.deepEqual(good.map((o) => [o.file, o.status]), [['prometheus/rules/a.yml', 'passed'], ['prometheus/rules/b.yml', 'passed'], ['prometheus/rules/c.yml', 'passed']]);
  assert.equal(readFileSync(runs, 'utf8').split('\n').filter(Boolean).length, 1, 'one promtool run for three files');

  writeFileSync(join(out, 'prometheus/rules/b.yml'), BAD);
  writeFileSync(runs, '');
  const bad = await runValidators(out, locate);
  assert.deepEqual(bad.map((o) => [o.file, o.status]), [['prometheus/rules/a.yml', 'passed'], ['prometheus/rules/b.yml', 'failed'], ['prometheus/rules/c.yml', 'passed']]);
  assert.match(bad[1]!.detail, /b\.yml/);
  assert.equal(readFileSync(runs, 'utf8').split('\n').filter(Boolean).length, 4, 'the failing batch, then each file alone');
});
