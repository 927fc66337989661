/**
 * `npm run bench` (second part): the native stack from `up --detach` to all-ready, on a
 * fresh project (first run: configs rendered, secrets generated, empty data) and again on
 * the same project (warm: data kept), plus each service's resident memory after it has
 * idled. Runs the components that can run on this machine (Prometheus, Alertmanager,
 * node_exporter) from the release mirror npm run fetch:tools builds; says so otherwise.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { benchProject, requireComponents } from './project.js';

const CONFIG = `name: bench
grafana: false
loki: false
tempo: false
prometheus: { port: 39090 }
alertmanager: { port: 39093 }
node-exporter: { port: 39100 }
`;
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 20);

await requireComponents('up');
const { dir, cli } = await benchProject('gs-bench-up-', CONFIG);

interface State {
  readyAt: string;
  startedAt: string;
  services: Record<string, { readySeconds?: number; process?: { pid: number } }>;
}
const state = () => JSON.parse(readFileSync(join(dir, '.grafana-stack/run/state.json'), 'utf8')) as State;
const rss = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

try {
  const first = cli('up', '--detach');
  const firstState = state();
  cli('verify');
  await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
  const memory = Object.entries(state().services).map(([name, s]) => [name, s.process ? rss(s.process.pid) : 0] as const);
  cli('down');
  const warm = cli('up', '--detach');
  const warmState = state();
  cli('down');

  const supervised = (s: State) => (Date.parse(s.readyAt) - Date.parse(s.startedAt)) / 1000;
  console.log(`\nnative stack, up --detach until every service is ready (2 cores, binaries in the store)`);
  console.log(`${'first run (fresh project)'.padEnd(30)} ${(first.ms / 1000).toFixed(1).padStart(6)} s   (supervisor: ${supervised(firstState).toFixed(1)} s)`);
  console.log(`${'warm (data kept)'.padEnd(30)} ${(warm.ms / 1000).toFixed(1).padStart(6)} s   (supervisor: ${supervised(warmState).toFixed(1)} s)`);
  for (const [name, s] of Object.entries(firstState.services)) {
    console.log(`  ${name.padEnd(28)} ready after ${(s.readySeconds ?? 0).toFixed(1)} s first, ${(warmState.services[name]?.readySeconds ?? 0).toFixed(1)} s warm`);
  }
  console.log(`\nidle memory after ${IDLE_SECONDS} s (RSS)`);
  for (const [name, mb] of memory) console.log(`  ${name.padEnd(28)} ${mb.toFixed(0).padStart(5)} MB`);
  console.log(`  ${'total'.padEnd(28)} ${memory.reduce((n, [, m]) => n + m, 0).toFixed(0).padStart(5)} MB`);
} finally {
  try {
    cli('down');
  } catch {
    // already down
  }
  rmSync(dir, { recursive: true, force: true });
}
