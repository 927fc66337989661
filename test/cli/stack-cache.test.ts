import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { cli, tempProject, ROOT } from '../helpers.js';
import { resolveStack } from '../../src/resolve/resolve.js';
import { RENDERABLE, renderStack } from '../../src/render/render.js';
import { buildStack } from '../../src/plan/build.js';
import { LOCK_FILE } from '../../src/artifacts/lockfile.js';
import { LOCK_FILE_NAME } from '../../src/cli/lock-cache.js';
import { imageSourceFiles } from '../../src/cli/commands/render.js';
import { PUSHED_FILE, stateImagesDir } from '../../src/images/image-sources.js';
import { largeStack } from '../../bench/large-stack.js';

/**
 * The resolved Stack is kept between commands as JSON (src/cli/stack-cache.ts). These show
 * that nothing is lost on the way (every target renders the same bytes from the copy), that
 * a changed input is never answered from the cache, and that `check` never trusts it.
 */
const DEFINITIONS: Record<string, unknown> = {
  'the default stack': {},
  'a large stack': largeStack(),
  ...Object.fromEntries(
    ['everything', 'cluster', 'alerting', 'mimir-pyroscope', 'alloy-node'].map((n) => [n, parse(readFileSync(join(ROOT, `test/fixtures/${n}.config.yaml`), 'utf8'))]),
  ),
};

for (const [name, definition] of Object.entries(DEFINITIONS)) {
  test(`${name}: the Stack read back from JSON renders every target to the same bytes`, async () => {
    const stack = await resolveStack(definition, { checkQueries: false });
    const copy = JSON.parse(JSON.stringify(stack)) as typeof stack;
    assert.deepStrictEqual(copy, stack);
    const opts = { outDir: '/tmp/out', projectDir: '/tmp/project' };
    // Each target alone: one may refuse a definition (then both copies must refuse it alike).
    const outcome = async (s: typeof stack, t: (typeof RENDERABLE)[number]) => {
      try {
        return await renderStack(buildStack(s), t, opts);
      } catch (e) {
        return (e as Error).message;
      }
    };
    for (const t of RENDERABLE) assert.deepStrictEqual(await outcome(copy, t), await outcome(stack, t), t);
  });
}

test('the names the CLI writes out are the registries\' (lock file)', () => {
  assert.equal(LOCK_FILE_NAME, LOCK_FILE);
  assert.deepEqual(imageSourceFiles('/p'), [join('/p', LOCK_FILE), join(stateImagesDir('/p'), PUSHED_FILE)]);
});

test('a kept render is written again only for the same Stack, target and options', () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': 'name: kept\ngrafana: false\nloki: false\ntempo: false\n' });
  const env = { XDG_CACHE_HOME: join(dir, '.cache') };
  const render = (...args: string[]) => {
    const r = cli(['render', 'kubernetes', '--out', 'out', ...args], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    return readdirSync(join(dir, 'out')).sort().map((f) => readFileSync(join(dir, 'out', f), 'utf8')).join('\n---\n');
  };
  const first = render();
  assert.equal(render(), first);
  assert.ok(cachedFiles(env.XDG_CACHE_HOME).some((f) => f.startsWith('render-')), 'the render was kept');
  assert.match(render('--namespace', 'elsewhere'), /namespace: elsewhere/);
  writeFileSync(join(dir, 'grafana-stack.config.yaml'), 'name: changed\ngrafana: false\nloki: false\ntempo: false\n');
  const changed = render();
  assert.notEqual(changed, first);
  assert.match(changed, /changed/);
});

const cachedFiles = (cache: string) => {
  try {
    return readdirSync(join(cache, 'grafana-stack', 'stacks')).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
};

test('an edited definition, a GRAFANA_STACK_ variable or a --set is never answered from the cache', () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': 'name: first\ngrafana: false\n' });
  const env = { XDG_CACHE_HOME: join(dir, '.cache') };
  const name = (...args: string[]) => {
    const r = cli(['config', '--format', 'json', ...args], { cwd: dir, env });
    assert.equal(r.code, 0, r.stderr);
    return (JSON.parse(r.stdout) as { name: string }).name;
  };
  assert.equal(name(), 'first');
  assert.equal(name(), 'first');
  writeFileSync(join(dir, 'grafana-stack.config.yaml'), 'name: second\ngrafana: false\n');
  assert.equal(name(), 'second');
  assert.equal(name('--set', 'name=third'), 'third');
  const r = cli(['config', '--format', 'json'], { cwd: dir, env: { ...env, GRAFANA_STACK_NAME: 'fourth' } });
  assert.equal((JSON.parse(r.stdout) as { name: string }).name, 'fourth');
  assert.equal(name(), 'second');
});

test('config reads the kept Stack; check resolves from the definition and replaces it', () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': 'name: real\ngrafana: false\n' });
  const env = { XDG_CACHE_HOME: join(dir, '.cache') };
  assert.equal(cli(['config'], { cwd: dir, env }).code, 0);
  // The Stack's entry is named by its bare key; others (config's output, a render) by a prefix.
  const [file] = cachedFiles(env.XDG_CACHE_HOME).filter((f) => /^[0-9a-f]{40}\.json$/.test(f));
  assert.ok(file, 'the Stack was kept');
  const path = join(env.XDG_CACHE_HOME, 'grafana-stack', 'stacks', file);
  const entry = JSON.parse(readFileSync(path, 'utf8')) as { stack: { name: string } };
  entry.stack.name = 'from-the-cache';
  writeFileSync(path, JSON.stringify(entry));
  const name = () => (JSON.parse(cli(['config', '--format', 'json'], { cwd: dir, env }).stdout) as { name: string }).name;
  assert.equal(name(), 'from-the-cache', 'config answered from the cache');
  assert.equal(cli(['check', '--skip-validators'], { cwd: dir, env }).code, 0);
  assert.equal(name(), 'real', 'check resolved the definition again and kept that');
});

test('a TypeScript definition is never cached (it may import anything)', () => {
  const dir = tempProject({ 'grafana-stack.config.ts': "export default { name: 'typed', grafana: false };\n" });
  const env = { XDG_CACHE_HOME: join(dir, '.cache') };
  const r = cli(['config'], { cwd: dir, env });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^name: typed$/m);
  assert.deepEqual(cachedFiles(env.XDG_CACHE_HOME), []);
});

test('a note about a variable that names no setting is printed again when the Stack comes from the cache', () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': 'name: noted\ngrafana: false\n' });
  const env = { XDG_CACHE_HOME: join(dir, '.cache'), GRAFANA_STACK_SOMETHING_ELSE_ENTIRELY: '1' };
  const first = cli(['config'], { cwd: dir, env });
  const second = cli(['config'], { cwd: dir, env });
  assert.match(first.stderr, /GRAFANA_STACK_SOMETHING_ELSE_ENTIRELY names no setting/);
  assert.equal(second.stderr, first.stderr);
});

test('env answers from what it remembers only while the toolbox on disk is what it remembers', () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': 'name: envy\ngrafana: false\nloki: false\ntempo: false\n' });
  const env = { XDG_CACHE_HOME: join(dir, '.cache'), GRAFANA_STACK_STORE: join(dir, '.store') };
  const first = cli(['env'], { cwd: dir, env });
  assert.equal(first.code, 0, first.stderr);
  const bin = join(dir, '.grafana-stack/shell/bin');
  assert.ok(existsSync(bin));
  const again = cli(['env'], { cwd: dir, env });
  assert.deepEqual([again.stdout, again.stderr], [first.stdout, first.stderr]);
  rmSync(bin, { recursive: true });
  const rebuilt = cli(['env'], { cwd: dir, env });
  assert.equal(rebuilt.stdout, first.stdout);
  assert.ok(existsSync(bin), 'a toolbox removed behind its back is written again');
  assert.match(cli(['env', '--shell', 'fish'], { cwd: dir, env }).stdout, /^set -gx GRAFANA_STACK_SHELL 'envy'$/m);
});
