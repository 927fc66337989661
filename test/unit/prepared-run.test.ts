import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempProject } from '../helpers.js';
import { runPaths } from '../../src/run/paths.js';
import { currentPreparedRun, forgetPreparedRun, recordPreparedRun, type PreparedInputs } from '../../src/run/prepared.js';
import type { Manifest } from '../../src/run/manifest.js';

/**
 * `up` starts a recorded preparation as it is only while nothing it depends on changed:
 * each kind of change below must send it back to a full preparation.
 */
function setup() {
  const dir = tempProject({ 'grafana-stack.lock.json': '{"version":1}\n' });
  const paths = runPaths(dir);
  const bin = join(dir, 'store', 'prometheus');
  mkdirSync(join(dir, 'store'));
  writeFileSync(bin, '#!/bin/sh\n');
  mkdirSync(join(paths.config, 'prometheus'), { recursive: true });
  writeFileSync(join(paths.config, 'prometheus', 'prometheus.yml'), 'global: {}\n');
  writeFileSync(paths.manifest, '{}\n');
  mkdirSync(join(paths.root, 'secrets'), { recursive: true });
  writeFileSync(join(paths.root, 'secrets', 'prometheus-token'), 'abc');
  const userSecret = join(dir, 'mine.txt');
  writeFileSync(userSecret, 'secret');
  const manifest: Manifest = {
    stack: 't',
    services: [
      {
        name: 'prometheus',
        description: '',
        artifact: { component: 'prometheus', binary: 'prometheus', version: '3' },
        command: bin,
        args: [],
        env: {},
        cwd: dir,
        dependsOn: [],
        stopGraceSeconds: 1,
        ports: [{ name: 'http', port: 1, protocol: 'tcp' }],
        health: { url: 'http://127.0.0.1:1/-/ready', periodSeconds: 1, timeoutSeconds: 1, startupSeconds: 1 },
        dataDirs: [],
        secrets: [],
      },
    ],
  };
  const env = { HOME: '/home/x', TOKEN: 'one' };
  const inputs: PreparedInputs = { stackKey: 'k1', projectDir: dir, env };
  recordPreparedRun(paths, inputs, { manifest, bindAddress: '127.0.0.1', notes: [], secretVariables: ['TOKEN'], secretFiles: [userSecret] });
  return { dir, paths, bin, inputs, userSecret };
}

test('a recorded preparation is current while its inputs and files are unchanged', () => {
  const { paths, inputs } = setup();
  const run = currentPreparedRun(paths, inputs);
  assert.ok(run, 'the record is trusted');
  assert.equal(run.manifest.services[0]!.name, 'prometheus');
  assert.equal(run.bindAddress, '127.0.0.1');
});

test('any change to what a preparation depends on makes it stale', () => {
  const later = new Date(Date.now() + 5000);
  const cases: [string, (s: ReturnType<typeof setup>) => PreparedInputs | void][] = [
    ['another definition, variable or --set (the Stack key)', (s) => ({ ...s.inputs, stackKey: 'k2' })],
    ['no Stack key (a TypeScript definition)', (s) => ({ stackKey: undefined, projectDir: s.dir, env: s.inputs.env })],
    ['another store place', (s) => ({ ...s.inputs, env: { ...s.inputs.env, XDG_CACHE_HOME: '/elsewhere' } })],
    ['another value of a variable a secret is copied from', (s) => ({ ...s.inputs, env: { ...s.inputs.env, TOKEN: 'two' } })],
    ['the lock rewritten', (s) => writeFileSync(join(s.dir, 'grafana-stack.lock.json'), '{"version":1,"x":1}\n')],
    ['the lock removed', (s) => rmSync(join(s.dir, 'grafana-stack.lock.json'))],
    ['a config file edited', (s) => writeFileSync(join(s.paths.config, 'prometheus', 'prometheus.yml'), 'global: {x: 1}\n')],
    ['a config file touched', (s) => utimesSync(join(s.paths.config, 'prometheus', 'prometheus.yml'), later, later)],
    ['a config file added', (s) => writeFileSync(join(s.paths.config, 'extra.yml'), '')],
    ['a config file removed', (s) => rmSync(join(s.paths.config, 'prometheus', 'prometheus.yml'))],
    ['a secret replaced', (s) => (writeFileSync(join(s.paths.root, 'secrets', 'new'), 'x'), renameSync(join(s.paths.root, 'secrets', 'new'), join(s.paths.root, 'secrets', 'prometheus-token')))],
    ['a secret file of the user\'s changed mode', (s) => chmodSync(s.userSecret, 0o644)],
    ['a binary replaced', (s) => (writeFileSync(`${s.bin}.new`, '#!/bin/sh\n'), renameSync(`${s.bin}.new`, s.bin))],
    ['a binary removed', (s) => rmSync(s.bin)],
    ['the record forgotten', (s) => forgetPreparedRun(s.paths)],
  ];
  for (const [what, change] of cases) {
    const s = setup();
    const inputs = change(s) ?? s.inputs;
    assert.equal(currentPreparedRun(s.paths, inputs), undefined, `still trusted after: ${what}`);
  }
});

test('nothing is recorded without a Stack key', () => {
  const { paths, inputs } = setup();
  forgetPreparedRun(paths);
  recordPreparedRun(paths, { ...inputs, stackKey: undefined }, { manifest: { stack: 't', services: [] }, bindAddress: '127.0.0.1', notes: [], secretVariables: [], secretFiles: [] });
  assert.equal(currentPreparedRun(paths, inputs), undefined);
});
