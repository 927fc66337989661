/**
 * `npm run bench` (second part): the native stack (Prometheus, Alertmanager, node_exporter,
 * from the release mirror `npm run fetch:tools` builds) from `up --detach` to all-ready and
 * `down` to all-stopped, each against its floor in the same run: the same binaries with the
 * same arguments and configs started by hand and polled for readiness every 10 ms
 * (bench/native-floor.mjs), and SIGTERM to each then waiting for them to go. Then the
 * supervisor's and each service's resident memory after idling.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { benchProject, requireComponents } from './project.js';
import { CLI_BIN, fmt, median, row, runOnce, x, type Sample } from './harness.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 10);
const CONFIG = `name: bench
grafana: false
loki: false
tempo: false
prometheus: { port: 39090 }
alertmanager: { port: 39093 }
node-exporter: { port: 39100 }
`;

await requireComponents('up');
const { dir, cli } = await benchProject('gs-bench-up-', CONFIG);
const floor = join(import.meta.dirname, 'native-floor.mjs');
const env = { NO_COLOR: '1' };

interface State {
  supervisor: { pid: number };
  services: Record<string, { process?: { pid: number } }>;
}
const state = () => JSON.parse(readFileSync(join(dir, '.grafana-stack/run/state.json'), 'utf8')) as State;
const rss = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

try {
  const first = cli('up', '--detach');
  await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
  const s = state();
  const memory: [string, number][] = [['supervisor', rss(s.supervisor.pid)], ...Object.entries(s.services).map(([n, v]) => [n, v.process ? rss(v.process.pid) : 0] as [string, number])];
  cli('down');

  const up: Sample[] = [];
  const down: Sample[] = [];
  const floorUp: Sample[] = [];
  const floorDown: Sample[] = [];
  const gs = (...args: string[]) => runOnce({ argv: [process.execPath, CLI_BIN, ...args], cwd: dir, env });
  const byHand = (mode: string) => runOnce({ argv: [process.execPath, floor, mode, dir], cwd: dir });
  // One warm-up of each, then A B in turn.
  gs('up', '--detach');
  gs('down');
  byHand('up');
  byHand('down');
  for (let i = 0; i < RUNS; i++) {
    up.push(gs('up', '--detach'));
    down.push(gs('down'));
    floorUp.push(byHand('up'));
    floorDown.push(byHand('down'));
  }
  const ratio = (a: Sample[], b: Sample[]) => median(a.map((s, i) => s.wall / b[i]!.wall));
  const over = (a: Sample[], b: Sample[]) => median(a.map((s, i) => s.wall - b[i]!.wall));
  console.log(`\nnative stack (Prometheus, Alertmanager, node_exporter), ${RUNS} runs each, in turn with the floor; medians`);
  console.log(row(['command', 'median s', 'floor', 'floor s', 'ratio', 'difference s', 'target']));
  console.log(row(['---', '---:', '---', '---:', '---:', '---:', '---']));
  console.log(row(['`up --detach` (data kept)', fmt(median(up.map((s) => s.wall))), 'start by hand, poll readiness', fmt(median(floorUp.map((s) => s.wall))), x(ratio(up, floorUp)), fmt(over(up, floorUp)), '1.3x + 0.3 s']));
  console.log(row(['`down`', fmt(median(down.map((s) => s.wall))), 'SIGTERM each, wait', fmt(median(floorDown.map((s) => s.wall))), x(ratio(down, floorDown)), fmt(over(down, floorDown)), '1.5x']));
  console.log(`first \`up --detach\` of a fresh project (lock, fetch, configs, secrets): ${(first.ms / 1000).toFixed(2)} s`);
  console.log(`\nresident memory after ${IDLE_SECONDS} s idle (target for the supervisor: under 50 MB)`);
  console.log(row(['process', 'RSS MB']));
  console.log(row(['---', '---:']));
  for (const [name, mb] of memory) console.log(row([name, mb.toFixed(1)]));
} finally {
  try {
    cli('down');
  } catch {
    // already down
  }
  rmSync(dir, { recursive: true, force: true });
}
