import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, cli, tempProject } from '../helpers.js';
import { reportError } from '../../src/cli/main.js';

/**
 * Hostile and careless input through the real CLI: every case ends with a clean message
 * and a non-zero exit, never a stack trace, and writes nothing.
 */

const NO_TRACE = /\n\s+at [^\n]+:\d+:\d+/;

function refused(r: { code: number; stderr: string }, pattern: RegExp, code = 2): void {
  assert.equal(r.code, code, r.stderr);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, NO_TRACE, 'no stack trace');
  assert.doesNotMatch(r.stderr, /this is a bug/);
}

function renderIn(files: Record<string, string>, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const dir = tempProject(files);
  const r = cli([...args, 'render', 'native', '--out', 'out'], { cwd: dir, env });
  return { ...r, dir, written: readdirSync(dir).filter((n) => !(n in files)) };
}

test('a YAML alias bomb is a parse error, not a crash', () => {
  const levels = Array.from({ length: 9 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array(9).fill(`*l${i}`).join(', ')}]`);
  const r = renderIn({ 'grafana-stack.config.yaml': `l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n${levels.join('\n')}\n` });
  refused(r, /cannot parse .*grafana-stack\.config\.yaml: Excessive alias count .*\(aliases expand to too much data\)/);
  assert.deepEqual(r.written, []);
});

test('JSON is held to YAML\'s rules: a repeated key is refused, a byte-order mark is skipped', () => {
  const dup = renderIn({ 'grafana-stack.config.json': '{\n  "name": "a",\n  "name": "b"\n}\n' });
  refused(dup, /cannot parse .*\.json\n\s+line 3, column 3: key "name" is repeated in its object \(map keys must be unique\)/);
  const yamlDup = renderIn({ 'grafana-stack.config.yaml': 'name: a\nname: b\n' });
  refused(yamlDup, /Map keys must be unique/);
  const bom = tempProject({ 'grafana-stack.config.json': '\ufeff{"name": "bom"}' });
  const r = cli(['config', '--format', 'json'], { cwd: bom });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).name, 'bom');
  const broken = renderIn({ 'grafana-stack.config.json': '{\n  "name": "a",\n}\n' });
  refused(broken, /cannot parse .*\.json: .* at line 3, column 1/);
});

test('deep nesting, __proto__ keys and --set __proto__ are refused with the path', () => {
  const deep = renderIn({ 'grafana-stack.config.json': `{"loki": {"settings": {"a": ${'['.repeat(5000)}${']'.repeat(5000)}}}}` });
  refused(deep, /loki\.settings\.a(\[0\])+\[?\.\.\.(\[0\])+: nested more than 200 levels deep/);
  const proto = renderIn({ 'grafana-stack.config.json': '{"loki": {"settings": {"__proto__": {"polluted": true}}}}' });
  refused(proto, /loki\.settings\.__proto__: "__proto__" is not allowed as a key/);
  const set = renderIn({}, ['--set', '__proto__.x=1']);
  refused(set, /--set __proto__\.x: no setting "__proto__\.x"/);
  refused(renderIn({}, ['--set', 'grafana.constructor=1']), /no setting "grafana\.constructor"/);
});

test('TypeScript configs: throwing getters, cycles, BigInt and functions are named, not crashed on', () => {
  const ts = `const loki: Record<string, unknown> = { retention: '7d' };
loki.settings = { self: loki };
export default {
  get name(): string { throw new Error('boom from a getter'); },
  prometheus: { settings: { big: 10n } },
  loki,
  tempo: { settings: { fn: () => 1 } },
};
`;
  const r = renderIn({ 'grafana-stack.config.ts': ts });
  refused(r, /not plain data/);
  assert.match(r.stderr, /name: reading it failed: Error: boom from a getter/);
  assert.match(r.stderr, /prometheus\.settings\.big: a BigInt \(10n\) is not data/);
  assert.match(r.stderr, /loki\.settings\.self: refers back to an object that contains it \(a cycle\)/);
  assert.match(r.stderr, /tempo\.settings\.fn: a function is not data/);
  assert.deepEqual(r.written, []);
});

test('a TS config that never resolves is reported at once; one that hangs on a timer times out', () => {
  const started = Date.now();
  const never = renderIn({ 'grafana-stack.config.ts': 'export default new Promise(() => {});\n' });
  refused(never, /cannot load .*grafana-stack\.config\.ts: it never finishes \(its default export, or something it awaits, is a promise that nothing resolves\)/);
  assert.ok(Date.now() - started < 20_000, 'no wait for the timeout');
  const timer = renderIn({ 'grafana-stack.config.ts': 'setInterval(() => {}, 1000);\nexport default new Promise(() => {});\n' }, [], { GRAFANA_STACK_CONFIG_TIMEOUT: '2' });
  refused(timer, /cannot load .*: it did not finish within 2 s/);
  // A definition that resolves but leaves a timer running does not keep the command alive.
  const lingering = renderIn({ 'grafana-stack.config.ts': 'setInterval(() => {}, 1000);\nexport default { name: "ok" };\n' });
  assert.equal(lingering.code, 0, lingering.stderr);
});

test('filesystem errors are sentences: a file in the way of --out, a directory as --config', () => {
  const dir = tempProject({ 'blocker': 'a file' });
  const r = cli(['render', 'native', '--out', 'blocker/out'], { cwd: dir });
  refused(r, /cannot create the directory .*blocker.*: (a part of the path is a file, not a directory \(ENOTDIR\)|already exists \(EEXIST\))/, 1);
  mkdirSync(join(dir, 'conf.yaml'));
  refused(cli(['--config', 'conf.yaml', 'check'], { cwd: dir }), /cannot read .*conf\.yaml: is a directory \(EISDIR\)/);
});

test('reportError: system errors as sentences, anything else as a bug with its stack', async () => {
  let out = '';
  const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', path: '/full/x' });
  assert.equal(await reportError(enospc, (s) => (out += s), 'grafana-stack render'), 1);
  assert.equal(out, 'grafana-stack render: cannot write /full/x: no space left on the device (ENOSPC)\n');
  out = '';
  assert.equal(await reportError(new TypeError('x is undefined'), (s) => (out += s), 'grafana-stack render'), 70);
  assert.match(out, /internal error: TypeError: x is undefined\n\s+at /);
  assert.match(out, /this is a bug in grafana-stack .*: please report it/);
});

test('check | head -1 ends quietly (EPIPE), with no stack trace', () => {
  const dir = tempProject();
  const r = spawnSync('bash', ['-c', `set -o pipefail; node ${JSON.stringify(BIN)} schema | head -c 10 >/dev/null; echo "status \${PIPESTATUS[0]}"`], { cwd: dir, encoding: 'utf8' });
  assert.doesNotMatch(r.stderr, /EPIPE|Error|at /, r.stderr);
  assert.match(r.stdout, /status (0|141)/);
});

test('a secret value given with --set is never echoed', () => {
  const r = renderIn({}, ['--set', 'grafana.adminPassword=hunter2-SECRET']);
  refused(r, /grafana\.adminPassword: secrets are not written inline/);
  assert.doesNotMatch(r.stderr + r.stdout, /hunter2-SECRET/);
  assert.match(r.stderr, /--set grafana\.adminPassword=\(hidden\)/);
});

test('a misspelt GRAFANA_STACK_ variable names the setting meant; others are mentioned', () => {
  const r = renderIn({}, [], { GRAFANA_STACK_LOKI_RETENTOIN: '3d' });
  refused(r, /GRAFANA_STACK_LOKI_RETENTOIN: names no setting: did you mean GRAFANA_STACK_LOKI_RETENTION \(loki\.retention\)\?/);
  assert.deepEqual(r.written, []);
  const other = renderIn({}, [], { GRAFANA_STACK_SOMETHING_ELSE_ENTIRELY: 'x' });
  assert.equal(other.code, 0, other.stderr);
  assert.match(other.stderr, /note: GRAFANA_STACK_SOMETHING_ELSE_ENTIRELY names no setting of grafana-stack and is ignored/);
  const tool = renderIn({}, [], { GRAFANA_STACK_STORE: '/tmp/store', GRAFANA_STACK_BIN_PROMTOOL: '/x' });
  assert.doesNotMatch(tool.stderr, /names no setting/);
});

test('error output is capped: 100,000 bad labels print 52 lines', () => {
  const labels = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`bad-${i}`, 'x']));
  const r = renderIn({ 'grafana-stack.config.json': JSON.stringify({ prometheus: { externalLabels: labels } }) });
  refused(r, /\.\.\. and 99950 more \(100000 problems in all/);
  assert.equal(r.stderr.trimEnd().split('\n').length, 52);
  assert.ok(r.stderr.length < 30_000, `${r.stderr.length} bytes of errors`);
});

test('--namespace is held to the namespace rules', () => {
  const dir = tempProject();
  refused(cli(['render', 'kubernetes', '--out', 'out', '--namespace', 'Bad_NS'], { cwd: dir }), /--namespace: expected a namespace name, got "Bad_NS"/);
  refused(cli(['render', 'kubernetes', '--out', 'out', '--namespace', ''], { cwd: dir }), /--namespace: expected a namespace name, got ""/);
  assert.ok(!existsSync(join(dir, 'out')));
});

test('init does not hide an existing YAML definition behind a new .ts', () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': 'name: mine\n' });
  const r = cli(['init'], { cwd: dir });
  refused(r, /grafana-stack\.config\.yaml already defines the stack here; grafana-stack\.config\.ts would be read first and hide it/);
  assert.ok(!existsSync(join(dir, 'grafana-stack.config.ts')));
  const forced = cli(['init', '--force'], { cwd: dir });
  assert.equal(forced.code, 0, forced.stderr);
  assert.match(forced.stderr, /note: it is read before grafana-stack\.config\.yaml, which is now ignored/);
});

test('a refused render creates no secrets ("nothing was changed" is true)', () => {
  const dir = tempProject({ 'out/mine.txt': 'my notes' });
  writeFileSync(join(dir, 'out', '.grafana-stack-render'), JSON.stringify({ target: 'native', stack: 'grafana-stack', files: [] }));
  const r = cli(['render', 'native', '--out', 'out'], { cwd: dir });
  refused(r, /holds files that grafana-stack did not write there: mine\.txt.*\(nothing was changed\)/);
  assert.ok(!existsSync(join(dir, '.grafana-stack')), 'no secrets created');
});
