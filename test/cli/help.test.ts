import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cli, tempProject } from '../helpers.js';
import { COMMANDS } from '../../src/cli/commands.js';

const dir = tempProject();

test('every command has --help: usage, its options with descriptions, and the global ones', () => {
  for (const [name, entry] of Object.entries(COMMANDS)) {
    const r = cli([name, '--help'], { cwd: dir });
    assert.equal(r.code, 0, `${name} --help: ${r.stderr}`);
    assert.match(r.stdout, new RegExp(`^Usage: grafana-stack ${name}\\b`), name);
    if (!entry.hidden) assert.ok(r.stdout.includes('--config FILE') && r.stdout.includes('--set PATH=VALUE'), name);
  }
  const render = cli(['render', '-h'], { cwd: dir }).stdout;
  assert.match(render, /TARGET +what to write: native, systemd, compose, kubernetes, helm, all/);
  assert.match(render, /-o, --out DIR +directory to write \(required\)/);
});

test('an unknown option points at a --help that exists', () => {
  const r = cli(['up', '--detatch'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Unknown option '--detatch' \(see grafana-stack up --help\)/);
  assert.match(cli(['up', '--help'], { cwd: dir }).stdout, /-d, --detach +return once every service is ready/);
});

test('global options after `--` belong to the command shell runs, not to grafana-stack', () => {
  // Were --config taken as ours, the missing file would be the error instead.
  const r = cli(['shell', '--help', '--', 'promtool', '--config', 'nope.yaml'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Usage: grafana-stack shell/);
});

test('an option with a list of values accepts only those, named in the error (checked by the parser, for every command)', () => {
  const cases: [string[], RegExp][] = [
    [['config', '--format', 'toml'], /^grafana-stack config: --format: expected json or yaml, got "toml"$/m],
    [['schema', '--format', 'html'], /^grafana-stack schema: --format: expected json or markdown, got "html"$/m],
    [['env', '--shell', 'tcsh'], /^grafana-stack env: --shell: expected sh or fish, got "tcsh"$/m],
    [['fetch', '--from', 'homebrew'], /^grafana-stack fetch: --from: expected release, source or system, got "homebrew"$/m],
  ];
  for (const [args, message] of cases) {
    const r = cli(args, { cwd: dir });
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
  assert.equal(cli(['schema', '--format', 'markdown'], { cwd: dir }).code, 0);
});
