import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, readdirSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { addEntry, storeKey, verifyEntry } from '../../src/artifacts/store.js';
import { isStackError } from '../../src/core/errors.js';
import { tempProject } from '../helpers.js';

const meta = { component: 'loki', version: '3.7.8', origin: { provider: 'test' } };

test('an entry is stored read-only under its key and verifies', async () => {
  const store = tempProject();
  const key = storeKey({ module: 'm', version: 'v1' });
  const e = await addEntry(store, key, meta, async (dir) => writeFile(join(dir, 'loki'), '#!/bin/sh\n', { mode: 0o755 }));
  assert.equal(e.dir, join(store, `${key}-loki-3.7.8`));
  assert.deepEqual(Object.keys(e.files), ['loki']);
  assert.equal((await verifyEntry(e.dir)).files.loki, e.files.loki);
  assert.deepEqual(readdirSync(store).filter((f) => f.startsWith('.tmp')), []);
});

test('the store key depends on every identifying field, not on their order', () => {
  assert.equal(storeKey({ a: 1, b: 2 }), storeKey({ b: 2, a: 1 }));
  assert.notEqual(storeKey({ a: 1, b: 2 }), storeKey({ a: 1, b: 3 }));
  // Nested values count: a different package path is a different artifact.
  assert.notEqual(storeKey({ packages: { loki: './cmd/loki' } }), storeKey({ packages: { loki: './cmd/other' } }));
  assert.equal(storeKey({ p: { x: 1, y: 2 } }), storeKey({ p: { y: 2, x: 1 } }));
});

test('a tampered, removed or added file is refused with a clear message', async () => {
  const store = tempProject();
  const e = await addEntry(store, storeKey({ x: 1 }), meta, async (dir) => writeFile(join(dir, 'loki'), 'original', { mode: 0o755 }));
  chmodSync(join(e.dir, 'loki'), 0o755);
  writeFileSync(join(e.dir, 'loki'), 'evil');
  await assert.rejects(verifyEntry(e.dir), (err: unknown) => {
    assert.ok(isStackError(err));
    assert.match(err.message, /was modified after it was stored: refusing to use it/);
    assert.match(err.problems[0]!.message, /does not match the recorded/);
    return true;
  });
});

test('concurrent adds of the same artifact both succeed with one entry', async () => {
  const store = tempProject();
  const key = storeKey({ same: true });
  const fill = async (dir: string) => writeFile(join(dir, 'loki'), 'same bytes', { mode: 0o755 });
  const [a, b] = await Promise.all([addEntry(store, key, meta, fill), addEntry(store, key, meta, fill)]);
  assert.equal(a.dir, b.dir);
  assert.deepEqual(readdirSync(store), [`${key}-loki-3.7.8`]);
});

test('a failing fill leaves nothing behind', async () => {
  const store = tempProject();
  await assert.rejects(addEntry(store, storeKey({ f: 1 }), meta, async () => { throw new Error('download failed'); }), /download failed/);
  assert.deepEqual(readdirSync(store), []);
});
