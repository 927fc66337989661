import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fetchSource, type SourceBuild } from '../../src/artifacts/providers/source.js';
import { isStackError } from '../../src/core/errors.js';
import { tempProject } from '../helpers.js';
import { HELLO } from '../tools/pins.js';

/**
 * The source provider on a real (tiny) module: the same code path builds Prometheus,
 * Alertmanager and the other permissively licensed components, which take minutes each.
 * Offline: the module comes from the module cache (npm run fetch:tools -- openapi puts it
 * there), GOPROXY=off.
 */
const hasGo = spawnSync('go', ['version']).status === 0;
const cached = hasGo && spawnSync('go', ['mod', 'download', HELLO], { env: { ...process.env, GOPROXY: 'off', GOFLAGS: '-mod=mod' } }).status === 0;
const skip = (!hasGo && 'Go toolchain not installed') || (!cached && `${HELLO} is not in the Go module cache (npm run fetch:tools -- openapi puts it there)`);
const env = { GOPROXY: 'off' };
const hello: SourceBuild = {
  module: 'golang.org/x/example/hello',
  version: 'v0.0.0-20250915201037-7f05d217867b',
  sum: 'h1:+gZE2jOdiscYByu0606Uw8Ldir2Cecd39Vq/3IEasRA=',
  packages: { hello: '.' },
};

test('a Go module is downloaded, hash-checked, built reproducibly and stored; the second fetch reuses it', { skip, timeout: 300_000 }, async () => {
  const store = tempProject();
  const lines: string[] = [];
  const e = await fetchSource(hello, { storeDir: store, component: 'hello', version: '0.0.0', env, log: (l) => lines.push(l) });
  assert.match(execFileSync(join(e.dir, 'hello'), { encoding: 'utf8' }), /Hello, world!/);
  assert.ok(lines.some((l) => /^building hello from golang\.org\/x\/example\/hello/.test(l)), lines.join('\n'));
  const again = await fetchSource(hello, { storeDir: store, component: 'hello', version: '0.0.0', env, log: (l) => lines.push(`2: ${l}`) });
  assert.equal(again.dir, e.dir);
  assert.ok(!lines.some((l) => l.startsWith('2: building')), 'not rebuilt');
  // Reproducible: a second build in another store gives the same bytes.
  const other = await fetchSource(hello, { storeDir: tempProject(), component: 'hello', version: '0.0.0', env });
  assert.equal(other.files.hello, e.files.hello);
});

test('a module whose hash differs from the pinned one is refused before building', { skip, timeout: 120_000 }, async () => {
  const store = tempProject();
  await assert.rejects(
    fetchSource({ ...hello, sum: 'h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' }, { storeDir: store, component: 'hello', version: '0.0.0', env }),
    (e: unknown) => isStackError(e) && /does not match the pinned h1:AAAA.*refusing to build it/.test(e.message),
  );
  assert.deepEqual(readdirSync(store), []);
});
