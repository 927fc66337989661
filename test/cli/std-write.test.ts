import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';

/**
 * The program writes stdout and stderr with write(2) (cli/std-write.ts). A descriptor left
 * non-blocking by whoever shares it refuses a write when its pipe is full: every byte must
 * still arrive, in order, through the stream the writer falls back to.
 */

const writer = join(ROOT, 'src', 'cli', 'std-write.ts');

test('a full non-blocking pipe: every line arrives, in order', async () => {
  // Touching process.stdout opens fd 1 as a libuv pipe, which makes it non-blocking; the
  // parent reads nothing for a while, so the pipe (64 KiB) fills and write(2) says EAGAIN.
  const code = `import { stdWriter } from ${JSON.stringify(writer)};
void process.stdout;
const out = stdWriter(1);
for (let i = 0; i < 4000; i++) out(String(i).padStart(6, '0') + ' ' + 'x'.repeat(250) + '\\n');
out('done\\n');`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d: Buffer) => void (err += d));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  await sleep(1500);
  const chunks: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => chunks.push(d));
  const status = await closed;
  assert.equal(status, 0, err);
  const lines = Buffer.concat(chunks).toString().split('\n');
  assert.equal(lines.length, 4002, 'every line and a final newline');
  lines.slice(0, 4000).forEach((l, i) => assert.equal(l.slice(0, 6), String(i).padStart(6, '0'), `line ${i}`));
  assert.equal(lines[4000], 'done');
});

test('stdout and stderr of a command keep their order and content', async () => {
  const code = `import { writeStderr, writeStdout } from ${JSON.stringify(writer)};
writeStdout('one\\n'); writeStderr('two\\n'); writeStdout('three: \\u00e9\\u{1F600}\\n');`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => err.push(d));
  assert.equal(await new Promise((resolve) => child.on('close', resolve)), 0);
  assert.equal(Buffer.concat(out).toString(), 'one\nthree: \u00e9\u{1F600}\n');
  assert.equal(Buffer.concat(err).toString(), 'two\n');
});

test("once sent to a file (the detached supervisor's log), the writers and Node's streams all write there, in order", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gs-std-write-'));
  const log = join(dir, 'supervisor.log');
  const code = `import { openSync } from 'node:fs';
import { sendOutputTo, writeStderr, writeStdout } from ${JSON.stringify(writer)};
sendOutputTo(openSync(${JSON.stringify(log)}, 'a'));
writeStdout('one\\n'); process.stdout.write('two\\n'); writeStderr('three\\n'); process.stderr.write('four\\n', () => writeStdout('five\\n'));`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  child.stdout.on('data', (d: Buffer) => out.push(d));
  child.stderr.on('data', (d: Buffer) => out.push(d));
  assert.equal(await new Promise((resolve) => child.on('close', resolve)), 0, Buffer.concat(out).toString());
  assert.equal(Buffer.concat(out).toString(), '', 'nothing reaches the real stdout or stderr');
  assert.equal(readFileSync(log, 'utf8'), 'one\ntwo\nthree\nfour\nfive\n');
  rmSync(dir, { recursive: true, force: true });
});
