import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempProject } from '../helpers.js';
import { desktopOpener } from '../../src/cli/commands/open.js';

const dir = tempProject({ 'grafana-stack.config.yaml': 'grafana: { port: 3456 }\ntempo: false\n' });
// A stand-in for xdg-open that records the URL it was given.
const opener = join(dir, 'fake-opener');
writeFileSync(opener, `#!/bin/sh\necho "$1" > '${join(dir, 'opened')}'\n`);
chmodSync(opener, 0o755);
const noDesktop = { DISPLAY: '', WAYLAND_DISPLAY: '', BROWSER: '' };

test('open prints Grafana\'s URL, or a component\'s, from the definition', () => {
  assert.equal(cli(['open'], { cwd: dir, env: noDesktop }).stdout, 'http://127.0.0.1:3456/\n');
  assert.equal(cli(['open', 'prometheus'], { cwd: dir, env: noDesktop }).stdout, 'http://127.0.0.1:9090/\n');
  assert.equal(cli(['open', '--set', 'bindAddress=0.0.0.0', 'loki'], { cwd: dir, env: noDesktop }).stdout, 'http://127.0.0.1:3100/\n');
  assert.ok(!existsSync(join(dir, 'opened')), 'without a desktop nothing is started');
});

test('open hands the URL to the desktop opener ($BROWSER), but not with --print', async () => {
  const r = cli(['open', '--print'], { cwd: dir, env: { ...noDesktop, BROWSER: opener } });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!existsSync(join(dir, 'opened')));
  assert.equal(cli(['open'], { cwd: dir, env: { ...noDesktop, BROWSER: opener } }).code, 0);
  const deadline = Date.now() + 5000;
  while (!existsSync(join(dir, 'opened')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  assert.equal(readFileSync(join(dir, 'opened'), 'utf8'), 'http://127.0.0.1:3456/\n');
});

test('open names an unknown or disabled component', () => {
  const unknown = cli(['open', 'kibana'], { cwd: dir, env: noDesktop });
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /unknown component "kibana"; components: grafana, prometheus, loki/);
  assert.match(cli(['open', 'tempo'], { cwd: dir, env: noDesktop }).stderr, /tempo is not enabled in stack "grafana-stack"/);
});

test('a desktop is recognised by DISPLAY or WAYLAND_DISPLAY on Linux, always on macOS', () => {
  assert.equal(desktopOpener({}, 'linux'), undefined);
  assert.equal(desktopOpener({ DISPLAY: ':0' }, 'linux'), 'xdg-open');
  assert.equal(desktopOpener({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux'), 'xdg-open');
  assert.equal(desktopOpener({}, 'darwin'), 'open');
  assert.equal(desktopOpener({ BROWSER: 'firefox' }, 'linux'), 'firefox');
});
