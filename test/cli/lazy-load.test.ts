import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempProject, type CliResult } from '../helpers.js';
import { tracedCli } from '../module-trace.js';

/**
 * Everyday commands load only what they need: the guard against one static import undoing a
 * lazy load (Vite's trap). Every module a command loads (ES modules through a loader hook,
 * CommonJS ones from the require cache at exit) is listed and counted. Speed itself is
 * measured by `npm run bench`, never asserted here.
 */

/** Heavy libraries, by the path that names them. */
const HEAVY = {
  zod: /node_modules\/zod\//,
  yaml: /node_modules\/yaml\//,
  grammars: /node_modules\/(@lezer|@prometheus-io|@grafana\/lezer-)/,
  sdk: /node_modules\/@grafana\/grafana-foundation-sdk\//,
  jiti: /node_modules\/jiti\//,
  components: /\/dist\/components\//,
  // The targets' code; not their registry and entries, which are what help and completion read.
  render: /\/dist\/(targets\/(?!registry\.js|target\.js|[^/]+\/entry\.js)|render\/render\.js)/,
} as const;

interface Traced extends CliResult {
  readonly modules: readonly string[];
  has(lib: keyof typeof HEAVY): boolean;
}

function traced(args: string[], cwd: string, env: NodeJS.ProcessEnv): Traced {
  const r = tracedCli(args, { cwd, env });
  return { ...r, has: (lib) => r.modules.some((m) => HEAVY[lib].test(m)) };
}

/**
 * The same through the bundle's split modules: its modules are the sources in the chunks it
 * read. (The program runs render and check from the whole CLI script: whole-cli.test.ts.)
 */
function tracedBundle(args: string[], cwd: string, env: NodeJS.ProcessEnv): Traced & { readonly chunks: number } {
  const r = tracedCli(args, { cwd, env, via: 'split' });
  return { ...r, has: (lib) => r.modules.some((m) => HEAVY[lib].test(m)) };
}

const project = () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': 'name: lazy\ngrafana: false\nloki: false\ntempo: false\nprometheus: { port: 49190 }\n' });
  return { dir, env: { XDG_CACHE_HOME: join(dir, '.cache'), GRAFANA_STACK_STORE: join(dir, '.store'), NO_COLOR: '1' } };
};

test('the hook sees heavy modules when they do load', () => {
  const dir = tempProject();
  const r = traced(['check', '--skip-validators'], dir, { XDG_CACHE_HOME: join(dir, '.cache') });
  assert.equal(r.code, 0, r.stderr);
  for (const lib of ['zod', 'yaml', 'grammars', 'components', 'render'] as const) assert.ok(r.has(lib), `check loads ${lib}`);
});

test('--version, status and down load only the CLI and the run state (no zod, yaml, grammars, SDK or components)', () => {
  const { dir, env } = project();
  for (const args of [['--version'], ['status'], ['down']]) {
    const r = traced(args, dir, env);
    assert.ok(r.code === 0 || (args[0] === 'status' && r.code === 1), r.stderr);
    for (const lib of Object.keys(HEAVY) as (keyof typeof HEAVY)[]) assert.equal(r.has(lib), false, `${args.join(' ')} loads ${lib}: ${r.modules.filter((m) => HEAVY[lib].test(m)).slice(0, 3).join(', ')}`);
    assert.ok(r.modules.length < 30, `${args.join(' ')} loads ${r.modules.length} modules`);
  }
});

test('which, env and open never parse a query; once the definition was resolved, which, open, config, env, completion and render kubernetes load no zod, SDK or components', () => {
  const { dir, env } = project();
  for (const args of [['which', 'promtool'], ['env'], ['open', '--print']]) {
    const cold = traced(args, dir, env);
    assert.equal(cold.has('grammars'), false, `${args.join(' ')} loads a query grammar`);
  }
  for (const args of [['which', 'promtool'], ['open', 'prometheus', '--print'], ['config'], ['env'], ['completion', 'bash'], ['render', 'kubernetes', '--out', 'out']]) {
    traced(args, dir, env); // resolves (and keeps) the Stack once, with queries checked for config
    const warm = traced(args, dir, env);
    for (const lib of ['zod', 'grammars', 'sdk', 'jiti', 'components', 'render'] as const) {
      assert.equal(warm.has(lib), false, `${args.join(' ')} loads ${lib} with the Stack cached: ${warm.modules.filter((m) => HEAVY[lib].test(m)).slice(0, 3).join(', ')}`);
    }
    assert.ok(warm.modules.length < (args[0] === 'config' ? 100 : 45), `${args.join(' ')} loads ${warm.modules.length} modules`);
  }
});

test('the detached supervisor loads no render, component, schema or SDK code', () => {
  const { dir, env } = project();
  // No manifest: it fails at once, having loaded everything it imports statically.
  const r = traced(['supervise', '--project', dir], dir, env);
  assert.notEqual(r.code, 0);
  for (const lib of Object.keys(HEAVY) as (keyof typeof HEAVY)[]) assert.equal(r.has(lib), false, `supervise loads ${lib}`);
  // Only the run state, process management and health probes, and the CLI's own entry (whose
  // command list names the targets from their registry: a list of lazy imports, no target code).
  const other = r.modules.filter((m) => !/\/(bin\/grafana-stack\.js|dist\/run\/[\w-]+\.js|dist\/core\/[\w-]+\.js|dist\/targets\/registry\.js|dist\/cli\/(main|commands|args|global-options|std-write|commands\/supervise)\.js)$/.test(m));
  assert.deepEqual(other, [], 'supervise loads only the CLI entry, core and run modules');
  assert.ok(r.modules.length <= 25, `supervise loads ${r.modules.length} modules`);
});

test('the built-in overview dashboard needs no Foundation SDK: it comes from the variants the SDK built ahead of time', () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': 'name: sdk\n' });
  const env = { XDG_CACHE_HOME: join(dir, '.cache'), NO_COLOR: '1' };
  const config = () => traced(['config', '--format', 'json'], dir, env);
  const first = config();
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.has('zod'), true, 'the hook sees what loads');
  assert.equal(first.has('sdk'), false, 'a first resolve, empty cache');
  writeFileSync(join(dir, 'grafana-stack.config.yaml'), 'name: renamed\nloki: false\n');
  const renamed = config();
  assert.equal(renamed.code, 0, renamed.stderr);
  assert.equal(renamed.has('sdk'), false, 'another name and set of components');
  assert.match(renamed.stdout, /renamed: stack overview/);
});


test('the bundled CLI keeps those lazy loads: its chunks split where the modules load lazily', () => {
  const { dir, env } = project();
  const full = tempProject(); // the default stack: dashboards and rules, so queries to parse
  const check = tracedBundle(['check', '--skip-validators'], full, { XDG_CACHE_HOME: join(full, '.cache') });
  assert.equal(check.code, 0, check.stderr);
  for (const lib of ['zod', 'yaml', 'grammars', 'components', 'render'] as const) assert.ok(check.has(lib), `check's chunks hold ${lib}`);
  for (const args of [['--version'], ['status']]) {
    const r = tracedBundle(args, dir, env);
    for (const lib of Object.keys(HEAVY) as (keyof typeof HEAVY)[]) assert.equal(r.has(lib), false, `${args.join(' ')} loads a chunk with ${lib}`);
  }
  tracedBundle(['render', 'kubernetes', '--out', 'out'], dir, env); // resolves and keeps the Stack
  const warm = tracedBundle(['render', 'kubernetes', '--out', 'out'], dir, env);
  assert.equal(warm.code, 0, warm.stderr);
  for (const lib of ['zod', 'grammars', 'sdk', 'jiti', 'components', 'render'] as const) assert.equal(warm.has(lib), false, `a repeated render loads a chunk with ${lib}`);
  assert.ok(warm.chunks < check.chunks, `a repeated render loads ${warm.chunks} chunks, check ${check.chunks}`);
});

test('queries that parsed before are not parsed again after an edit (no grammar loads); a new broken one still fails, and check parses all', () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': 'name: q1\n' });
  const env = { XDG_CACHE_HOME: join(dir, '.cache'), NO_COLOR: '1' };
  const config = () => traced(['config', '--format', 'json'], dir, env);
  assert.equal(config().has('grammars'), true, 'the first resolve parses the queries');
  writeFileSync(join(dir, 'grafana-stack.config.yaml'), 'name: q1\nprometheus: { retention: 3d }\n');
  const edited = config();
  assert.equal(edited.code, 0, edited.stderr);
  assert.equal(edited.has('zod'), true, 'the edited definition is resolved again');
  assert.equal(edited.has('grammars'), false, 'its queries parsed before');
  writeFileSync(join(dir, 'grafana-stack.config.yaml'), 'name: q1\nrules:\n  - name: extra\n    rules: [{ alert: Broken, expr: "sum(rate(x[5m])" }]\n');
  const broken = config();
  assert.equal(broken.code, 2, broken.stderr);
  assert.match(broken.stderr, /Broken|expr/);
  assert.equal(broken.has('grammars'), true, 'a query never seen is parsed');
  writeFileSync(join(dir, 'grafana-stack.config.yaml'), 'name: q1\n');
  const check = traced(['check', '--skip-validators'], dir, env);
  assert.equal(check.code, 0, check.stderr);
  assert.equal(check.has('grammars'), true, 'check parses every query');
});

test('every query of a large definition is remembered: after an edit, none is parsed again (no grammar loads)', () => {
  // More queries than the 4096 that used to be kept: the large stack has 4,000 at x1 and 100,000 at x25.
  const rules = Array.from({ length: 6000 }, (_, i) => ({ alert: `A${i}`, expr: `up{job="j${i}"} == 0` }));
  const definition = (comment: string) => `${JSON.stringify({ name: 'many', rules: [{ name: 'many', rules }] })}${comment}`;
  const dir = tempProject({ 'grafana-stack.config.json': definition('') });
  const env = { XDG_CACHE_HOME: join(dir, '.cache'), NO_COLOR: '1' };
  const config = () => traced(['config', '--format', 'json'], dir, env);
  const first = config();
  assert.equal(first.code, 0, first.stderr);
  assert.equal(first.has('grammars'), true, 'the first resolve parses the queries');
  writeFileSync(join(dir, 'grafana-stack.config.json'), definition(' '));
  const edited = config();
  assert.equal(edited.code, 0, edited.stderr);
  assert.equal(edited.has('zod'), true, 'the edited definition is resolved again');
  assert.equal(edited.has('grammars'), false, 'all of its 6,000 queries parsed before');
  // Another definition with the same cache keeps its own: a small stack's render does not read the large one's hashes.
  const small = tempProject({ 'grafana-stack.config.yaml': 'name: small\n' });
  assert.equal(traced(['config', '--format', 'json'], small, env).code, 0);
  const files = readdirSync(join(dir, '.cache', 'grafana-stack', 'stacks')).filter((f) => f.startsWith('queries-'));
  assert.equal(files.length, 2, `one file of known queries per definition: ${files.join(', ')}`);
});

test("a TypeScript definition: 'grafana-stack' is the CLI's own library, and an unchanged definition is not transpiled again", () => {
  const definition = (name: string) => `import { defineStack } from 'grafana-stack';\nexport default defineStack({ name: '${name}', grafana: false, loki: false, tempo: false });\n`;
  const dir = tempProject({ 'grafana-stack.config.ts': definition('ts-one') });
  const env = { XDG_CACHE_HOME: join(dir, '.cache'), GRAFANA_STACK_STORE: join(dir, '.store'), NO_COLOR: '1' };
  const render = () => {
    const r = tracedCli(['render', 'kubernetes', '--out', 'out'], { cwd: dir, env, via: 'bin' });
    assert.equal(r.code, 0, r.stderr);
    return {
      babel: r.modules.some((m) => /node_modules\/jiti\/dist\/babel\.cjs$/.test(m)),
      library: r.modules.filter((m) => !m.includes('/node_modules/') && /\/(dist|src)\/(index|define)\.[jt]s$/.test(m)),
      namespace: readFileSync(join(dir, 'out', 'namespace.yaml'), 'utf8'),
    };
  };
  const first = render();
  assert.equal(first.babel, true, 'the first load transpiles');
  assert.deepEqual(first.library, [], 'the library is not imported a second time for the definition');
  assert.match(first.namespace, /name: ts-one/);
  assert.equal(render().babel, false, 'an unchanged definition runs from the transpiled file kept in the cache');
  writeFileSync(join(dir, 'grafana-stack.config.ts'), definition('ts-two'));
  const edited = render();
  assert.equal(edited.babel, true, 'an edited definition is transpiled again');
  assert.match(edited.namespace, /name: ts-two/, 'and what runs is the edit');
});
