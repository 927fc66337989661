import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { findSystem, parseVersion } from '../../src/artifacts/providers/system.js';
import { tempProject } from '../helpers.js';

function fake(output: string): string {
  const p = join(tempProject(), 'tool');
  writeFileSync(p, `#!/bin/sh\necho '${output}'\n`, { mode: 0o755 });
  return p;
}

test('version lines of the stack\'s binaries are read', () => {
  assert.equal(parseVersion('loki, version 3.7.8 (branch: HEAD, revision: abc)'), '3.7.8');
  assert.equal(parseVersion('prometheus, version 2.42.0+ds (branch: debian/sid)'), '2.42.0+ds');
  assert.equal(parseVersion('Version 12.3.0 (commit: 1234, branch: HEAD)'), '12.3.0');
});

test('a system binary is accepted at the pinned version and refused at another', async () => {
  const p = fake('loki, version 3.7.8 (branch: HEAD)');
  assert.deepEqual(await findSystem('loki', '3.7.8', { path: p }), { path: p, version: '3.7.8' });
  await assert.rejects(findSystem('loki', '3.6.0', { path: p }), /is loki 3\.7\.8, but the stack pins 3\.6\.0/);
  await assert.rejects(findSystem('nonexistent-tool-xyz', '1.0.0', { env: { PATH: '/nonexistent' } }), /was not found on PATH/);
});

const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
test('Debian\'s promtool is found on PATH with its real version', { skip: promtool.status !== 0 && 'promtool not installed' }, async () => {
  const v = parseVersion(promtool.stdout + promtool.stderr)!;
  const found = await findSystem('promtool', v.replace(/\+ds.*$/, ''));
  assert.match(found.path, /promtool$/);
});
