import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';

/**
 * A component's options schema is built when a definition names the component
 * (config/component-schema.ts): the stack's schema must not build it to learn whether the
 * key is optional, as zod's lazy would. Each case runs in a process of its own, where no
 * schema has been built yet.
 */
function builtAfterParsing(definition: unknown): { success: boolean; built: string[] } {
  const code = `import { stackSchema } from ${JSON.stringify(join(ROOT, 'src/config/schema.ts'))};
import { builtComponentSchemas } from ${JSON.stringify(join(ROOT, 'src/config/component-schema.ts'))};
const r = stackSchema.safeParse(${JSON.stringify(definition)});
process.stdout.write(JSON.stringify({ success: r.success, built: builtComponentSchemas() }));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as { success: boolean; built: string[] };
}

test('parsing a definition builds the options schemas of the components it names, and no other', () => {
  assert.deepEqual(builtAfterParsing({}), { success: true, built: [] });
  assert.deepEqual(builtAfterParsing({ name: 'x', loki: false, tempo: false }), { success: true, built: [] });
  assert.deepEqual(builtAfterParsing({ prometheus: { retention: '3d' }, alertmanager: {} }), { success: true, built: ['prometheus', 'alertmanager'] });
  // Still validated: a misspelt key of a named component is refused.
  assert.deepEqual(builtAfterParsing({ grafana: { nope: 1 } }), { success: false, built: ['grafana'] });
});
