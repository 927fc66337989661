import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempProject } from '../helpers.js';
import { findBinary } from '../../src/validators/find-binary.js';

/**
 * The completion scripts are loaded by the real shells and asked what they complete, so a
 * script that does not load, or completes the wrong words, fails here.
 */
const dir = tempProject();
const script = (shell: string): string => {
  const r = cli(['completion', shell], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const file = join(dir, `completion.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
};

/** What bash's completion function offers for the words typed so far (the last one being completed). */
function bashComplete(file: string, words: string[]): string[] {
  const quoted = words.map((w) => `'${w}'`).join(' ');
  const r = spawnSync('bash', ['--norc', '-c', `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _grafana_stack; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter(Boolean);
}

test('bash: the script loads and completes commands, options, targets, components and the command after shell --', () => {
  const file = script('bash');
  const registered = spawnSync('bash', ['--norc', '-c', `source '${file}' && complete -p grafana-stack`], { encoding: 'utf8' });
  assert.equal(registered.stdout.trim(), 'complete -F _grafana_stack grafana-stack');
  assert.deepEqual(bashComplete(file, ['grafana-stack', 're']), ['render']);
  assert.deepEqual(bashComplete(file, ['grafana-stack', 'render', '']), ['native', 'systemd', 'compose', 'kubernetes', 'helm', 'all']);
  assert.deepEqual(bashComplete(file, ['grafana-stack', '--config', 'x.yaml', 'render', '--ar']), ['--archive']);
  assert.deepEqual(bashComplete(file, ['grafana-stack', 'k8s', '']), ['apply', 'diff', 'delete']);
  assert.deepEqual(bashComplete(file, ['grafana-stack', 'config', '--component', 'lo']), ['loki']);
  assert.deepEqual(bashComplete(file, ['grafana-stack', 'env', '--shell', '']), ['sh', 'fish']);
  assert.ok(bashComplete(file, ['grafana-stack', 'logs', '']).includes('supervisor'));
  assert.ok(bashComplete(file, ['grafana-stack', 'shell', '--', 'bas']).includes('bash'));
  // Every visible command is offered, and the hidden supervisor is not.
  const all = bashComplete(file, ['grafana-stack', '']);
  for (const c of ['init', 'up', 'verify', 'shell', 'env', 'open', 'completion', 'k8s']) assert.ok(all.includes(c), c);
  assert.ok(!all.includes('supervise'));
});

const fish = findBinary('fish');
test('fish: `complete -C` offers the commands with their summaries, and option values', { skip: fish ? false : 'fish is not installed (scripts/install-deps.sh installs it)' }, async () => {
  const file = script('fish');
  const complete = (line: string) => {
    const r = spawnSync('fish', ['--no-config', '-c', `source '${file}'; complete -C '${line}'`], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.split('\n').filter(Boolean);
  };
  assert.deepEqual(complete('grafana-stack ren'), ["render\twrite a target's files: native, systemd, compose, kubernetes, helm or all"]);
  assert.deepEqual(complete('grafana-stack render ').map((l) => l.split('\t')[0]).sort(), ['all', 'compose', 'helm', 'kubernetes', 'native', 'systemd']);
  assert.ok(complete('grafana-stack up --').some((l) => l.startsWith('--detach\t')));
  assert.deepEqual(complete('grafana-stack completion ').map((l) => l.split('\t')[0]), ['bash', 'fish', 'zsh']);
});

const zsh = findBinary('zsh');
test('zsh: the script parses, and after compinit it registers _grafana_stack for grafana-stack', { skip: zsh ? false : 'zsh is not installed (scripts/install-deps.sh installs it)' }, async () => {
  const file = script('zsh');
  const syntax = spawnSync('zsh', ['-n', file], { encoding: 'utf8' });
  assert.equal(syntax.status, 0, syntax.stderr);
  const r = spawnSync('zsh', ['-f', '-c', `autoload -U compinit && compinit -u -D && source '${file}' && print -r -- $_comps[grafana-stack]`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), '_grafana_stack');
});

test('completion names the shells it knows', () => {
  const r = cli(['completion', 'tcsh'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /completion needs one shell: bash, zsh, fish/);
});
