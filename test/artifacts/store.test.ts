import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
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
  assert.deepEqual(readdirSync(store).filter((f) => !f.startsWith('.')), [`${key}-loki-3.7.8`]);
});

test('a failing fill leaves nothing behind', async () => {
  const store = tempProject();
  await assert.rejects(addEntry(store, storeKey({ f: 1 }), meta, async () => { throw new Error('download failed'); }), /download failed/);
  assert.deepEqual(readdirSync(store), []);
});

test('a verified entry gets a stat stamp beside the store, never inside the entry', async () => {
  const store = tempProject();
  const e = await addEntry(store, storeKey({ stamp: 1 }), meta, async (dir) => writeFile(join(dir, 'loki'), 'original', { mode: 0o755 }));
  assert.deepEqual(readdirSync(e.dir).sort(), ['grafana-stack-manifest.json', 'loki'], 'the entry holds only the artifact and its manifest');
  const stamp = JSON.parse(readFileSync(join(store, '.stamps', `${e.dir.split('/').at(-1)}.json`), 'utf8')) as { files: Record<string, { size: string; ino: string }> };
  assert.equal(stamp.files.loki?.size, '8');
  assert.equal(stamp.files.loki?.ino, String(statSync(join(e.dir, 'loki')).ino));
  assert.equal((await verifyEntry(e.dir)).files.loki, e.files.loki, 'an unchanged entry verifies from its stamp');
});

test('a file rewritten with its old size and mtime is still caught: its ctime changed', async () => {
  const store = tempProject();
  // A whole-second mtime, so that setting it back is exact.
  const e = await addEntry(store, storeKey({ stamp: 2 }), meta, async (dir) => {
    await writeFile(join(dir, 'loki'), 'original', { mode: 0o755 });
    utimesSync(join(dir, 'loki'), 1_700_000_000, 1_700_000_000);
  });
  const file = join(e.dir, 'loki');
  const before = statSync(file, { bigint: true });
  chmodSync(file, 0o755);
  writeFileSync(file, 'evilevil');
  chmodSync(file, 0o555);
  utimesSync(file, 1_700_000_000, 1_700_000_000);
  const after = statSync(file, { bigint: true });
  assert.deepEqual([after.size, after.mtimeNs, after.ino], [before.size, before.mtimeNs, before.ino], 'only the ctime tells');
  await assert.rejects(verifyEntry(e.dir), /was modified after it was stored/);
});

test('rehash (fetch --verify) hashes every byte even when the stamp says the entry is unchanged', async () => {
  const store = tempProject();
  const e = await addEntry(store, storeKey({ stamp: 3 }), meta, async (dir) => writeFile(join(dir, 'loki'), 'original', { mode: 0o755 }));
  const file = join(e.dir, 'loki');
  chmodSync(file, 0o755);
  writeFileSync(file, 'evilevil');
  // A stamp recorded after the change (as if the stamp itself had been tampered with) is trusted by a plain check...
  const stampPath = join(store, '.stamps', `${e.dir.split('/').at(-1)}.json`);
  const stamp = JSON.parse(readFileSync(stampPath, 'utf8')) as { files: Record<string, Record<string, string>> };
  const st = statSync(file, { bigint: true });
  stamp.files.loki = { size: String(st.size), mtimeNs: String(st.mtimeNs), ctimeNs: String(st.ctimeNs), ino: String(st.ino), dev: String(st.dev) };
  writeFileSync(stampPath, JSON.stringify(stamp));
  await verifyEntry(e.dir);
  // ...and refused by a rehash, which also leaves the stamp alone.
  await assert.rejects(verifyEntry(e.dir, { rehash: true }), /does not match the recorded/);
  assert.ok(existsSync(stampPath));
});
