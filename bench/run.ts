/**
 * `npm run bench`: CLI start, `config` and `render all`, for the default stack and for a
 * generated large stack (500 dashboards, 2000 rules, 200 scrape jobs). Each is a real CLI
 * process; the median of repeated runs is reported. Not a test: nothing is asserted.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../test/helpers.js';
import { largeStack } from './large-stack.js';

const runs = Number(process.env.BENCH_RUNS ?? 7);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(args: string[], cwd: string, n: number): number {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
    samples.push(ms);
  }
  return median(samples);
}

const small = mkdtempSync(join(tmpdir(), 'gs-bench-'));
const large = mkdtempSync(join(tmpdir(), 'gs-bench-large-'));
writeFileSync(join(large, 'grafana-stack.config.json'), JSON.stringify(largeStack()));

const rows: [string, number][] = [
  ['--version', time(['--version'], small, runs)],
  ['config (default stack)', time(['config'], small, runs)],
  ['render all (default stack)', time(['render', 'all', '--out', 'out'], small, runs)],
  ['config (large stack)', time(['config'], large, Math.max(3, Math.ceil(runs / 2)))],
  ['render all (large stack)', time(['render', 'all', '--out', 'out'], large, Math.max(3, Math.ceil(runs / 2)))],
];

console.log(`grafana-stack bench: median wall time of ${runs} runs (large stack: ${Math.max(3, Math.ceil(runs / 2))}), node ${process.version}`);
console.log('large stack = 500 dashboards x 4 panels, 2000 rules in 100 groups, 200 scrape jobs\n');
for (const [name, ms] of rows) console.log(`${name.padEnd(30)} ${ms.toFixed(0).padStart(7)} ms`);
