import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { resolveStack } from '../../src/resolve/resolve.js';
import { renderStack } from '../../src/render/render.js';
import { buildStack } from '../../src/plan/build.js';
import { TARGET_NAMES } from '../../src/targets/registry.js';
import { ROOT, readTree } from '../helpers.js';

/**
 * Golden files: the rendered output of the fixtures, reviewed in pull requests. Run with
 * UPDATE_GOLDEN=1 to rewrite them after an intended change.
 */
const FIXTURES = ['shop.config.ts', 'minimal.config.yaml'];
/** Every target of the registry: a new one has no golden files until they are written and reviewed. */
const TARGETS = TARGET_NAMES;

for (const fixture of FIXTURES) {
  for (const target of TARGETS) {
    test(`golden: ${fixture} -> ${target}`, async () => {
      const { config, file } = await loadConfig({ cwd: ROOT, file: join('test/fixtures', fixture) });
      const stack = await resolveStack(config, { source: file! });
      // The store is named, so that nothing of this machine (HOME, XDG_CACHE_HOME) reaches the files.
      const artifactDir = (a: { component: string; version: string }) => `/srv/store/${a.component}-${a.version}`;
      const files = await renderStack(buildStack(stack), target, { outDir: '/srv/stack/out', projectDir: '/srv/stack', artifactDir });
      const dir = join(ROOT, 'test/golden', fixture.replace(/\..*$/, ''), target);
      if (process.env.UPDATE_GOLDEN) {
        rmSync(dir, { recursive: true, force: true });
        for (const f of files) {
          mkdirSync(dirname(join(dir, f.path)), { recursive: true });
          writeFileSync(join(dir, f.path), f.content);
        }
      }
      assert.ok(existsSync(dir), `no golden files for ${fixture}/${target}: run UPDATE_GOLDEN=1 npm run test:unit`);
      const golden = readTree(dir);
      assert.deepEqual(files.map((f) => f.path).sort(), [...golden.keys()].sort(), 'the set of rendered files changed');
      for (const f of files) {
        assert.equal(f.content, readFileSync(join(dir, f.path), 'utf8'), `${f.path} differs from its golden file`);
      }
    });
  }
}
