/**
 * `npm run bench` (first part): the everyday commands against Node's own start, render and
 * check of the default stack against it too, the large stack against the default one at 1x,
 * 5x and 25x, and `render kubernetes` against `helm template` of kube-prometheus-stack
 * (bench/kube-prometheus-stack.ts assembles it).
 * Every figure is a whole CLI process (bin/grafana-stack.js, the built dist/), timed in turn
 * with its floor in the same run. Not a test: nothing is asserted. BENCH_RUNS sets the runs
 * (default 11: on a shared machine the median of 7 moved by up to 15% between runs);
 * BENCH_SCALES the large stack's scales (default 1,5,25).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolBinary } from '../test/tools/binaries.js';
import { defaultStoreDir } from '../src/artifacts/store.js';
import { largeStack } from './large-stack.js';
import { CLI_BIN, fmt, median, paired, row, runOnce, x, type Command, type Sample } from './harness.js';
import { benchProject, BENCH_COMPONENTS } from './project.js';
import { missingComponents } from '../test/e2e/requirements.js';
import { KPS, kpsChart } from './kube-prometheus-stack.js';
import { STARTER_CONFIG } from '../src/cli/starter-config.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const SCALES = (process.env.BENCH_SCALES ?? '1,5,25').split(',').map(Number);
const root = mkdtempSync(join(tmpdir(), 'gs-bench-'));
process.on('exit', () => rmSync(root, { recursive: true, force: true }));

const store = defaultStoreDir();
/** A cache of resolved Stacks of the benchmark's own, kept warm by the warm-up runs. */
const cacheHome = join(root, 'cache');
const baseEnv = { NO_COLOR: '1', XDG_CACHE_HOME: cacheHome, GRAFANA_STACK_STORE: store };
const node0: Command = { argv: [process.execPath, '-e', '0'] };
const gs = (cwd: string, args: string[], extra: Partial<Command> = {}): Command => ({ argv: [process.execPath, CLI_BIN, ...args], cwd, env: { ...baseEnv, ...extra.env }, ...(extra.ok ? { ok: extra.ok } : {}), ...(extra.before ? { before: extra.before } : {}) });
/** The same command with a fresh, empty cache before each run: the first run of a new build (or on a new machine). */
const emptyCache = (c: Command): Command => {
  let n = 0;
  const env = { ...c.env };
  return { ...c, env, before: () => void (env.XDG_CACHE_HOME = join(root, `empty-${n++}`)) };
};

const small = join(root, 'default');
mkdirSync(small);
/** The default stack as a definition file edited (a new comment) before each run: the first command after a change. */
const edited = join(root, 'edited');
mkdirSync(edited);
let edits = 0;
const edit = () => writeFileSync(join(edited, 'grafana-stack.config.yaml'), `# edit ${edits++}: the default stack\n`);
edit();
/**
 * The stack `grafana-stack init` writes, in TypeScript, the language the design gives a
 * definition: as it is, and edited (a new comment) before each run.
 */
const starter = join(root, 'starter');
mkdirSync(starter);
writeFileSync(join(starter, 'grafana-stack.config.ts'), STARTER_CONFIG);
const starterEdited = join(root, 'starter-edited');
mkdirSync(starterEdited);
const editStarter = () => writeFileSync(join(starterEdited, 'grafana-stack.config.ts'), `// edit ${edits++}\n${STARTER_CONFIG}`);
editStarter();

console.log(`grafana-stack bench, node ${process.version}: whole processes, ${RUNS} counted runs after a warm-up, each timed in turn with its floor; medians (ratios: median of the pairwise ratios)\n`);

// 1. Everyday commands against `node -e 0`.
const everyday: { name: string; target?: number; cmd: Command | undefined; why?: string }[] = [];
let native: { dir: string } | undefined;
const missing = await missingComponents([], BENCH_COMPONENTS);
if (!missing) {
  const p = await benchProject('gs-bench-native-', 'name: bench\ngrafana: false\nloki: false\ntempo: false\nprometheus: { port: 39090 }\nalertmanager: { port: 39093 }\nnode-exporter: { port: 39100 }\n');
  p.cli('lock');
  p.cli('fetch');
  native = { dir: p.dir };
  process.on('exit', () => rmSync(p.dir, { recursive: true, force: true }));
}
const needsNative = (args: string[], extra: Partial<Command> = {}) => (native ? gs(native.dir, args, extra) : undefined);
everyday.push(
  { name: '`--version`', target: 1.5, cmd: gs(small, ['--version']) },
  { name: '`status` (stack down)', target: 1.5, cmd: needsNative(['status'], { ok: [1] }) },
  { name: '`which prometheus`', target: 1.5, cmd: needsNative(['which', 'prometheus']) },
  { name: '`env`', target: 1.5, cmd: needsNative(['env']) },
  { name: '`open prometheus --print`', target: 1.5, cmd: needsNative(['open', 'prometheus', '--print']) },
  { name: '`completion bash`', target: 1.5, cmd: gs(small, ['completion', 'bash']) },
  { name: '`config` (default stack)', target: 2, cmd: gs(small, ['config']) },
  { name: '`render kubernetes` (default stack)', target: 2.5, cmd: gs(small, ['render', 'kubernetes', '--out', 'out']) },
  { name: '`render helm` (default stack)', target: 2.5, cmd: gs(small, ['render', 'helm', '--out', 'chart']) },
  { name: '`render compose` (default stack)', target: 2.5, cmd: gs(small, ['render', 'compose', '--out', 'compose']) },
  { name: '`render kubernetes`, first after an edit', target: 2.5, cmd: gs(edited, ['render', 'kubernetes', '--out', 'out'], { before: edit }) },
  { name: '`render kubernetes`, empty cache', target: 2.5, cmd: emptyCache(gs(small, ['render', 'kubernetes', '--out', 'out'])) },
  { name: '`check --skip-validators` (default stack)', target: 3, cmd: gs(small, ['check', '--skip-validators']) },
  { name: '`render kubernetes` of the `init` starter (TypeScript)', target: 2.5, cmd: gs(starter, ['render', 'kubernetes', '--out', 'out']) },
  // Reported, with no line of its own: jiti transpiles the edited file with Babel, about 0.3 s.
  { name: '`render kubernetes` of the `init` starter, first after an edit', cmd: gs(starterEdited, ['render', 'kubernetes', '--out', 'out'], { before: editStarter }) },
);
console.log('everyday commands against `node -e 0` (the floor)');
console.log(row(['command', 'median s', 'floor s', 'ratio (wall)', 'ratio (cpu)', 'peak MB', 'target', 'met']));
console.log(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---']));
for (const e of everyday) {
  if (!e.cmd) {
    console.log(row([e.name, '-', '-', '-', '-', '-', e.target ? `${e.target}x` : '-', `not run: ${missing}`]));
    continue;
  }
  const p = paired(e.cmd, node0, RUNS);
  console.log(row([e.name, fmt(median(p.a.map((s) => s.wall))), fmt(median(p.b.map((s) => s.wall))), x(p.wallRatio), p.cpuRatio ? x(p.cpuRatio) : '-', peak(p.a), e.target ? `${e.target}x` : '-', e.target ? met(p.wallRatio <= e.target) : 'reported']));
}

// 2. The large stack against the default one, and its growth.
const LARGE_TARGET = 3;
console.log(`\nscale: the large stack (x1 = 500 dashboards of 4 panels, 2000 rules in 100 groups, 200 scrape jobs) against the default stack; targets: x1 within ${LARGE_TARGET}x of the default stack, growth linear or better (time and peak memory grow no faster than the size)`);
console.log(row(['command', 'stack', 'median s', 'cpu s', 'peak MB', 'against the default stack', 'against the previous scale', 'target', 'met']));
console.log(row(['---', '---', '---:', '---:', '---:', '---:', '---:', '---', '---']));
/**
 * Each command in three ways: `render` as a user repeats it (the resolved Stack and the render
 * kept from the last run with the same definition; a render over 64 MiB is not kept), `render`
 * right after the definition changed (nothing kept: load, validate, resolve, plan, render,
 * write), and `check`, which never reads what was kept.
 */
const scaleRows: { label: string; args: string[]; edited: boolean }[] = [
  { label: '`render kubernetes`', args: ['render', 'kubernetes', '--out', 'out'], edited: false },
  { label: '`render kubernetes`, first after an edit', args: ['render', 'kubernetes', '--out', 'out'], edited: true },
  { label: '`check --skip-validators`', args: ['check', '--skip-validators'], edited: false },
];
const definitions = new Map<number, string>();
for (const { label, args, edited: afterEdit } of scaleRows) {
  const baseCmd = afterEdit ? gs(edited, args, { before: edit }) : gs(small, args);
  let previous: { scale: number; wall: number; rss: number; fromDefault: number } | undefined;
  for (const scale of SCALES) {
    const dir = join(root, `large-${scale}`);
    const file = join(dir, 'grafana-stack.config.json');
    if (!definitions.has(scale)) {
      mkdirSync(dir, { recursive: true });
      definitions.set(scale, JSON.stringify(largeStack(scale)));
      writeFileSync(file, definitions.get(scale)!);
    }
    // A changed definition: the same stack, other bytes (trailing spaces are JSON whitespace).
    let n = 0;
    const change = () => writeFileSync(file, definitions.get(scale)! + ' '.repeat(++n));
    const cmd = gs(dir, args, afterEdit ? { before: change } : {});
    // At least three runs each: a growth ratio of two single runs was as noisy as the machine.
    const runs = scale >= 5 ? 3 : Math.max(3, Math.ceil(RUNS / 2));
    // The first scale is timed in turn with the default stack, as the everyday commands are
    // with their floor: the default stack's median moved by 20% between two windows of one
    // run. The larger ones run on their own: on this VM a process right after a much larger
    // one runs slower (its memory comes back from the host), so pairing x5 with x1 would
    // flatter the growth; measured each after itself, the growth errs the other way.
    let s: Sample[];
    let fromDefault: number;
    if (!previous) {
      const p = paired(cmd, baseCmd, runs);
      console.log(row([label, 'default', fmt(median(p.b.map((v) => v.wall))), fmt(median(p.b.map((v) => v.cpu ?? 0))), peak(p.b), '1.00x', '', '', '']));
      s = p.a;
      fromDefault = p.wallRatio;
    } else {
      runOnce(cmd);
      s = Array.from({ length: runs }, () => runOnce(cmd));
      fromDefault = previous.fromDefault * (median(s.map((v) => v.wall)) / previous.wall);
    }
    if (afterEdit) writeFileSync(file, definitions.get(scale)!);
    const wall = median(s.map((v) => v.wall));
    const rss = median(s.map((v) => v.rssMb ?? 0));
    const step = previous ? scale / previous.scale : 0;
    // A render over 64 MiB is not kept (KEEP_BYTES in src/cli/commands/render.ts): from there on, a repeated render is a whole one.
    const uncached = args[0] === 'render' && !afterEdit && outBytes(dir) > 64 << 20 ? ' (over the 64 MiB a kept render may take: rendered in full)' : '';
    const growth = previous ? `${x(wall / previous.wall)} time, ${x(rss / previous.rss)} memory, for ${step}x the size${uncached}` : uncached.trim();
    const [target, ok] = previous
      ? [`growth <= ${step}x`, wall / previous.wall <= step && rss / previous.rss <= step]
      : scale === 1
        ? [`<= ${LARGE_TARGET}x the default`, fromDefault <= LARGE_TARGET]
        : ['', undefined];
    console.log(row([label, `large x${scale}`, fmt(wall), fmt(median(s.map((v) => v.cpu ?? 0))), peak(s), x(fromDefault), growth, target, ok === undefined ? '' : met(ok)]));
    previous = { scale, wall, rss, fromDefault };
  }
}

// 3. render kubernetes against helm template of kube-prometheus-stack.
const helm = await toolBinary('helm');
const kps = kpsChart();
if (!helm) console.log('\n`render kubernetes` against `helm template` of kube-prometheus-stack: not run, no helm binary (npm run fetch:tools -- helm)');
else if ('why' in kps) console.log(`\n\`render kubernetes\` against \`helm template\` of kube-prometheus-stack: not run, ${kps.why}`);
else {
  const helmHome = join(root, 'helm-home');
  const helmEnv = { HOME: helmHome, HELM_CACHE_HOME: join(helmHome, 'cache'), HELM_CONFIG_HOME: join(helmHome, 'config'), HELM_DATA_HOME: join(helmHome, 'data') };
  const template: Command = { argv: [helm, 'template', 'kps', kps.dir, '--namespace', 'monitoring'], env: helmEnv };
  const out = execFileSync(helm, template.argv.slice(1), { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, ...helmEnv } });
  const count = (out.match(/^kind: /gm) ?? []).length;
  const ours = readdirOut(small);
  const p = paired(gs(small, ['render', 'kubernetes', '--out', 'out']), template, RUNS);
  console.log(`\n\`render kubernetes\` of the default stack (${ours} objects) against \`helm template\` of kube-prometheus-stack ${KPS.version} with its dependencies vendored (${count} objects), ${execFileSync(helm, ['version', '--short'], { encoding: 'utf8', env: { ...process.env, ...helmEnv } }).trim()}; target: faster (ratio under 1x)`);
  console.log(row(['command', 'median s', 'helm template s', 'ratio (wall)', 'target', 'met']));
  console.log(row(['---', '---:', '---:', '---:', '---:', '---']));
  console.log(row(['`render kubernetes` (default stack)', fmt(median(p.a.map((s) => s.wall))), fmt(median(p.b.map((s) => s.wall))), x(p.wallRatio), '< 1x', met(p.wallRatio < 1)]));
}

/** How many objects `render kubernetes` wrote in a project (it has run there by now). */
function readdirOut(dir: string): number {
  return readdirSync(join(dir, 'out'))
    .filter((f) => f.endsWith('.yaml'))
    .reduce((n, f) => n + (readFileSync(join(dir, 'out', f), 'utf8').match(/^kind: /gm) ?? []).length, 0);
}

/** Bytes of what `render` wrote in a project. */
function outBytes(dir: string): number {
  return readdirSync(join(dir, 'out'), { recursive: true, encoding: 'utf8' }).reduce((n, f) => n + (statSync(join(dir, 'out', f)).isFile() ? statSync(join(dir, 'out', f)).size : 0), 0);
}

function met(ok: boolean): string {
  return ok ? 'met' : '**not met**';
}

function peak(s: readonly Sample[]): string {
  const m = s.map((v) => v.rssMb ?? 0);
  return m.some(Boolean) ? median(m).toFixed(0) : '-';
}
