import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { isAscii } from 'node:buffer';
import { join } from 'node:path';
import { cli, readTree, ROOT, tempProject } from '../helpers.js';
import { splitBin, tracedCli } from '../module-trace.js';
import { COMMANDS } from '../../src/cli/commands.js';
import { instantiateWholeCli, packageCodeCache, wholeCliFile } from '../../src/cli/whole-cli.js';

/**
 * render and check run from the whole CLI script with V8's code cache (cli/whole-cli.ts);
 * every other command from the split modules. Both forms are the same code: here they write
 * the same files and say the same things, the package's cache fits this Node, and one that
 * does not fit costs a run its speed, never its result, and is replaced in the user's cache.
 */

const DEFINITION = 'name: whole\nprometheus: { retention: 3d }\nrules:\n  - name: extra\n    rules: [{ alert: Up, expr: "up == 0" }]\n';

test('render all and check write and say, through the whole CLI, what the split modules do', () => {
  const env = (dir: string) => ({ XDG_CACHE_HOME: join(dir, '.cache'), GRAFANA_STACK_STORE: join(dir, '.store'), NO_COLOR: '1', GRAFANA_ADMIN_PASSWORD: 'same-for-both' });
  const whole = tempProject({ 'grafana-stack.config.yaml': DEFINITION });
  const split = tempProject({ 'grafana-stack.config.yaml': DEFINITION });
  for (const args of [['render', 'all', '--out', 'out'], ['check', '--skip-validators']]) {
    const a = cli(args, { cwd: whole, env: env(whole) });
    const b = cli(args, { cwd: split, env: env(split), bin: splitBin() });
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.equal(a.stdout.replaceAll(whole, 'DIR'), b.stdout.replaceAll(split, 'DIR'), args.join(' '));
    assert.equal(a.stderr.replaceAll(whole, 'DIR'), b.stderr.replaceAll(split, 'DIR'), args.join(' '));
  }
  const [ta, tb] = [readTree(join(whole, 'out')), readTree(join(split, 'out'))];
  assert.deepEqual([...ta.keys()], [...tb.keys()]);
  // The native target names the project's own directories: the same files, each in its place.
  for (const [path, content] of ta) assert.equal(content.toString().replaceAll(whole, 'DIR'), tb.get(path)!.toString().replaceAll(split, 'DIR'), path);
});

test('--archive writes the same bytes through both forms (the whole CLI requires the archive code from node_modules)', () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': DEFINITION });
  const env = { XDG_CACHE_HOME: join(dir, '.cache'), GRAFANA_STACK_STORE: join(dir, '.store'), NO_COLOR: '1', GRAFANA_ADMIN_PASSWORD: 'same-for-both' };
  const archives = [undefined, splitBin()].map((bin) => {
    rmSync(join(dir, 'out'), { recursive: true, force: true });
    rmSync(join(dir, 'out.tar.gz'), { force: true });
    const r = cli(['render', 'all', '--out', 'out', '--archive'], { cwd: dir, env, ...(bin ? { bin } : {}) });
    assert.equal(r.code, 0, r.stderr);
    return readFileSync(join(dir, 'out.tar.gz'));
  });
  assert.ok(archives[0]!.length > 1000);
  assert.ok(archives[0]!.equals(archives[1]!), 'the two archives differ');
});

test('the bin runs render and check from the whole CLI (no other ES module but the launcher), and every other command from the split modules', () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': 'name: route\n' });
  const env = { XDG_CACHE_HOME: join(dir, '.cache'), NO_COLOR: '1' };
  assert.deepEqual(Object.keys(COMMANDS).filter((c) => COMMANDS[c]!.whole).sort(), ['check', 'render']);
  for (const args of [['render', 'kubernetes', '--out', 'out'], ['--config', 'grafana-stack.config.yaml', 'check', '--skip-validators']]) {
    const r = tracedCli(args, { cwd: dir, env, via: 'bin' });
    assert.equal(r.code, 0, r.stderr);
    // The launcher, with the whole CLI's loader bundled in (their sources, in one file): nothing of the split modules.
    assert.equal(r.chunks, 1, args.join(' '));
    const launcher = ['cli/global-options', 'cli/launch', 'cli/whole-cli', 'core/build-id', 'core/cache-root', 'core/package-root'].map((m) => `/dist/${m}.js`);
    assert.deepEqual([...new Set(r.modules.filter((m) => m.includes('/dist/')))].sort(), launcher, args.join(' '));
  }
  for (const args of [['--version'], ['config']]) {
    const r = tracedCli(args, { cwd: dir, env, via: 'bin' });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.chunks > 0, `${args.join(' ')} runs from the split modules`);
  }
});

test("the package's code cache fits this Node, and the whole CLI script is ASCII", async () => {
  const file = wholeCliFile();
  assert.ok(isAscii(readFileSync(file)), 'read as Latin-1, the script must be ASCII');
  const whole = await instantiateWholeCli(file, readFileSync(packageCodeCache(file)));
  assert.ok(whole, 'dist/bundle/whole.js is built');
  assert.equal(whole.cacheAccepted, true, `V8 ${process.versions.v8} rejected ${packageCodeCache(file)}`);
  assert.equal(typeof whole.exports.main, 'function');
});

test("a code cache that does not fit is rejected: the command still runs, and this run's code is kept in the user's cache, then used", () => {
  // An installed copy whose package cache is garbage (as one of another V8 would be to this one).
  const pkg = tempProject();
  for (const f of ['package.json', 'bin', 'dist']) cpSync(join(ROOT, f), join(pkg, f), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(pkg, 'node_modules'));
  const bundled = join(pkg, 'dist', 'bundle');
  const cache = readdirSync(bundled).find((f) => f.endsWith('.codecache'))!;
  writeFileSync(join(bundled, cache), 'not V8 code');
  const dir = tempProject({ 'grafana-stack.config.yaml': 'name: refit\n' });
  const env = { XDG_CACHE_HOME: join(dir, '.cache'), NO_COLOR: '1' };
  const bin = join(pkg, 'bin', 'grafana-stack.js');
  const first = cli(['render', 'kubernetes', '--out', 'out'], { cwd: dir, env, bin });
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /rendered kubernetes/);
  const userDir = join(dir, '.cache', 'grafana-stack', 'code');
  const kept = readdirSync(userDir);
  assert.equal(kept.length, 1, String(kept));
  assert.equal(statSync(join(userDir, kept[0]!)).mode & 0o777, 0o600);
  const before = statSync(join(userDir, kept[0]!)).mtimeMs;
  // The next run takes it (it fits), so it is not written again.
  const second = cli(['check', '--skip-validators'], { cwd: dir, env, bin });
  assert.equal(second.code, 0, second.stderr);
  assert.equal(statSync(join(userDir, kept[0]!)).mtimeMs, before);
  // A damaged copy in the user's cache is rejected too, and replaced.
  writeFileSync(join(userDir, kept[0]!), 'damaged');
  const third = cli(['render', 'kubernetes', '--out', 'out'], { cwd: dir, env, bin });
  assert.equal(third.code, 0, third.stderr);
  assert.notEqual(readFileSync(join(userDir, kept[0]!), 'utf8').slice(0, 7), 'damaged');
  rmSync(pkg, { recursive: true, force: true });
});
