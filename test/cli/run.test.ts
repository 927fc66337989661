import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { cli, tempProject } from '../helpers.js';
import { identify, isRunning, portOwner } from '../../src/run/proc.js';

/** The native run commands without component binaries: errors, refusals and the state-file logic. */

test('up refuses a taken port before fetching anything, naming the port, its service and its owner', async () => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  try {
    const dir = tempProject({ 'grafana-stack.config.yaml': `name: busy\ngrafana: false\nloki: false\ntempo: false\nprometheus: { port: ${port} }\n` });
    const store = tempProject();
    const r = cli(['up', '--detach'], { cwd: dir, env: { GRAFANA_STACK_STORE: store } });
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, new RegExp(`prometheus\\.http: port ${port} is in use by pid ${process.pid} \\(`));
    assert.equal(existsSync(join(dir, 'grafana-stack.lock.json')), false, 'nothing was pinned or fetched');
  } finally {
    server.close();
  }
});

test('up refuses a lock that pins another version than the stack, before fetching anything', () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': 'name: stale\ngrafana: false\ntempo: false\nprometheus: false\nloki: { version: 3.7.7, port: 43100, ports: { grpc: 49096, memberlist: 47947 } }\n' });
  writeFileSync(join(dir, 'grafana-stack.lock.json'), JSON.stringify({ lockfileVersion: 1, components: { loki: { version: '3.7.8' } } }));
  const store = tempProject();
  const r = cli(['up', '--detach'], { cwd: dir, env: { GRAFANA_STACK_STORE: store } });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /run `grafana-stack lock --update`/);
  assert.match(r.stderr, /loki: the stack runs 3\.7\.7, the lock pins 3\.7\.8/);
  assert.deepEqual(readdirSync(store), [], 'nothing was fetched');
});

test('portOwner finds the process listening on a port', async () => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  try {
    const owner = portOwner((server.address() as AddressInfo).port);
    assert.equal(owner?.pid, process.pid);
    assert.match(owner!.command, /node/);
  } finally {
    server.close();
  }
});

test('a process identity survives pid reuse checks: a different start time is not the same process', async () => {
  const child = spawn('sleep', ['30']);
  await new Promise((r) => child.once('spawn', r));
  const id = identify(child.pid!);
  assert.equal(isRunning(id), true);
  assert.equal(isRunning({ pid: id.pid, start: (id.start ?? 0) + 1 }), false, 'same pid, other start time: another process');
  child.kill('SIGKILL');
  await new Promise((r) => child.once('exit', r));
  assert.equal(isRunning(id), false);
});

test('status and down on a project that never ran say so', () => {
  const dir = tempProject();
  const s = cli(['status'], { cwd: dir });
  assert.equal(s.code, 1);
  assert.match(s.stdout, /not running/);
  const d = cli(['down'], { cwd: dir });
  assert.equal(d.code, 0);
  assert.match(d.stdout, /nothing is running/);
  const j = cli(['status', '--json'], { cwd: dir });
  assert.equal(j.code, 1);
  assert.deepEqual(JSON.parse(j.stdout), { stack: null, supervisor: null, ready: false, services: [] });
});

test('a second up while a supervisor holds the lock says so instead of starting twice', () => {
  const dir = tempProject();
  mkdirSync(join(dir, '.grafana-stack/run'), { recursive: true });
  // This test process plays the running supervisor.
  writeFileSync(join(dir, '.grafana-stack/run/supervisor.lock'), JSON.stringify(identify(process.pid)));
  const r = cli(['up', '--detach'], { cwd: dir });
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`already running \\(supervisor pid ${process.pid}\\)`));
});

test('logs names the services it knows; verify and logs reject bad arguments clearly', () => {
  const dir = tempProject();
  const l = cli(['logs', 'nginx'], { cwd: dir });
  assert.equal(l.code, 2);
  assert.match(l.stderr, /no service nginx; services: grafana, prometheus, loki, tempo, supervisor/);
  const v = cli(['verify', '--url', 'mimir=http://x'], { cwd: dir });
  assert.equal(v.code, 2);
  assert.match(v.stderr, /unknown endpoint "mimir"/);
  const t = cli(['verify', '--run', 'abc'], { cwd: dir });
  assert.match(t.stderr, /--run and --trace go together/);
});
