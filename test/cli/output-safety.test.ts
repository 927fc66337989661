import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, cli, readTree, tempProject } from '../helpers.js';

/**
 * Output directories under the worst conditions: a render SIGKILLed at each step of its
 * swap (GRAFANA_STACK_TEST_PAUSE_AT stops it exactly there), two renders at once, files a
 * user put into an earlier output, and archives that are not ours.
 */

const config = (name: string) => ({ 'grafana-stack.config.yaml': `name: ${name}\n` });
const env = { GRAFANA_ADMIN_PASSWORD: 'x' };

/** Starts a render that stops at `point`; resolves with its pid once it is there. */
function pausedRender(dir: string, point: string): Promise<{ pid: number; done: Promise<number | null> }> {
  const child = spawn(process.execPath, [BIN, 'render', 'native', '--out', 'out'], { cwd: dir, env: { ...process.env, ...env, GRAFANA_STACK_TEST_PAUSE_AT: point } });
  const done = new Promise<number | null>((r) => child.on('exit', (code, signal) => r(signal ? null : code)));
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      if (err.includes(`paused at ${point}`)) resolve({ pid: child.pid!, done });
    });
    void done.then((code) => reject(new Error(`render ended (${code}) before reaching ${point}: ${err}`)));
  });
}

async function killAt(dir: string, point: string): Promise<void> {
  const { pid, done } = await pausedRender(dir, point);
  process.kill(pid, 'SIGKILL');
  assert.equal(await done, null, 'killed');
}

function siblings(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.startsWith('.out.')).sort();
}

function stackNameIn(out: string): string {
  return /stack: ([a-z-]+)/.exec(readFileSync(join(out, 'prometheus/prometheus.yml'), 'utf8'))![1]!;
}

function render(dir: string, extra: string[] = []) {
  return cli(['render', 'native', '--out', 'out', ...extra], { cwd: dir, env });
}

test('killed between the two renames: the old output is kept aside, and the next run puts it back or replaces it', async () => {
  const dir = tempProject(config('first'));
  assert.equal(render(dir).code, 0);
  writeFileSync(join(dir, 'grafana-stack.config.yaml'), 'name: second\n');
  await killAt(dir, 'between-renames');
  // The worst moment: DIR is renamed away, the new one not yet in.
  assert.ok(!existsSync(join(dir, 'out')));
  const aside = siblings(dir).filter((n) => n.startsWith('.out.old-'));
  assert.equal(aside.length, 1, `siblings: ${siblings(dir).join(', ')}`);
  assert.equal(stackNameIn(join(dir, aside[0]!)), 'first', 'the old output survives intact');
  // The next render that gets to write puts it back under the lock, then replaces it.
  const r = render(dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(stackNameIn(join(dir, 'out')), 'second');
  assert.deepEqual(siblings(dir), [], 'no .tmp-, .old- or .lock left');
});

test('killed between the renames, then rendered with a definition that is refused: nothing more is lost', async () => {
  const dir = tempProject(config('first'));
  assert.equal(render(dir).code, 0);
  writeFileSync(join(dir, 'grafana-stack.config.yaml'), 'name: second\n');
  await killAt(dir, 'between-renames');
  writeFileSync(join(dir, 'grafana-stack.config.yaml'), 'name: Not_Valid\n');
  assert.equal(render(dir).code, 2);
  assert.equal(siblings(dir).filter((n) => n.startsWith('.out.old-')).length, 1, 'the old output is still there');
  writeFileSync(join(dir, 'grafana-stack.config.yaml'), 'name: third\n');
  assert.equal(render(dir).code, 0);
  assert.equal(stackNameIn(join(dir, 'out')), 'third');
  assert.deepEqual(siblings(dir), []);
});

test('killed before the swap or after it: the output is whole (old or new) and the next run cleans up', async () => {
  const dir = tempProject(config('first'));
  assert.equal(render(dir).code, 0);
  writeFileSync(join(dir, 'grafana-stack.config.yaml'), 'name: second\n');
  await killAt(dir, 'prepared');
  assert.equal(stackNameIn(join(dir, 'out')), 'first', 'untouched');
  assert.ok(siblings(dir).some((n) => n.startsWith('.out.tmp-')) && siblings(dir).includes('.out.lock'));
  await killAt(dir, 'swapped');
  assert.equal(stackNameIn(join(dir, 'out')), 'second', 'in place');
  assert.ok(siblings(dir).some((n) => n.startsWith('.out.old-')));
  assert.equal(render(dir).code, 0);
  assert.deepEqual(siblings(dir), []);
  assert.equal(stackNameIn(join(dir, 'out')), 'second');
});

test('two renders into one directory: the second fails clearly while the first runs', async () => {
  const dir = tempProject(config('first'));
  const { pid, done } = await pausedRender(dir, 'prepared');
  const second = render(dir);
  assert.equal(second.code, 1);
  assert.match(second.stderr, new RegExp(`another grafana-stack \\(pid ${pid}, since [^)]+\\) is writing .*out; run again once it is done`));
  assert.doesNotMatch(second.stderr, /\n\s+at /);
  process.kill(pid, 'SIGKILL');
  await done;
  assert.equal(render(dir).code, 0, 'a dead holder\'s lock is taken over');
});

test('files a user put into an earlier output are never deleted', () => {
  const dir = tempProject(config('first'));
  assert.equal(render(dir).code, 0);
  writeFileSync(join(dir, 'out/notes.txt'), 'mine');
  mkdirSync(join(dir, 'out/grafana/extra'));
  writeFileSync(join(dir, 'out/grafana/extra/dash.json'), '{}');
  const before = readTree(join(dir, 'out'));
  const r = render(dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /holds files that grafana-stack did not write there: grafana\/extra\/dash\.json, notes\.txt\. Move them out of the directory, or render into another one \(nothing was changed\)/);
  assert.deepEqual(readTree(join(dir, 'out')), before, 'nothing changed');
  // An output of an older version (a manifest without a file list): what this render writes is all it may replace.
  const legacy = tempProject(config('first'));
  mkdirSync(join(legacy, 'out'));
  writeFileSync(join(legacy, 'out/.grafana-stack-render'), '{"target":"native","stack":"first"}\n');
  writeFileSync(join(legacy, 'out/mine.txt'), 'x');
  assert.match(render(legacy).stderr, /did not write there: mine\.txt/);
});

test('--archive: replaces only the archive the last render wrote', () => {
  const dir = tempProject(config('first'));
  writeFileSync(join(dir, 'out.tar.gz'), 'someone else\'s');
  const r = render(dir, ['--archive']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /out\.tar\.gz already exists and is not the archive that the last render of .*out wrote: remove or rename it/);
  assert.equal(readFileSync(join(dir, 'out.tar.gz'), 'utf8'), 'someone else\'s');
  assert.ok(!existsSync(join(dir, 'out')), 'nothing was written');
  const ours = tempProject(config('first'));
  assert.equal(render(ours, ['--archive']).code, 0);
  writeFileSync(join(ours, 'grafana-stack.config.yaml'), 'name: second\n');
  const again = render(ours, ['--archive']);
  assert.equal(again.code, 0, again.stderr);
  writeFileSync(join(ours, 'out.tar.gz'), 'edited');
  assert.equal(render(ours, ['--archive']).code, 2, 'an archive changed since is not replaced');
  assert.deepEqual(siblings(ours), []);
});
