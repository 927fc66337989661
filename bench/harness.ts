/**
 * How the benchmarks time a command: as a whole process, several runs after a warm-up, the
 * median quoted, and against a floor (the same work done the cheapest way, or `node -e 0`)
 * run in turn with it (A B A B ...), the ratio taken pair by pair so that it holds when the
 * machine's speed drifts. CPU seconds and peak memory come from each Node process's own
 * accounting at exit (a preload writes process.resourceUsage() to a file), so a child the
 * command starts (promtool, helm) counts in wall time only.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../test/helpers.js';

/** The CLI measured: this checkout's build, or another (BENCH_BIN=/path/to/bin/grafana-stack.js, to measure a previous build the same way). */
export const CLI_BIN = process.env.BENCH_BIN ?? BIN;

const scratch = mkdtempSync(join(tmpdir(), 'gs-bench-usage-'));
const preload = join(scratch, 'usage.mjs');
writeFileSync(
  preload,
  `import { appendFileSync } from 'node:fs';
process.on('exit', () => { const u = process.resourceUsage(); if (process.env.GS_BENCH_USAGE) appendFileSync(process.env.GS_BENCH_USAGE, JSON.stringify({ cpu: (u.userCPUTime + u.systemCPUTime) / 1e6, rssMb: u.maxRSS / 1024 }) + '\\n'); });\n`,
);
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));

/** One run of a command. */
export interface Sample {
  readonly wall: number;
  /** CPU seconds of the Node process (absent for a command that is not Node). */
  readonly cpu?: number;
  readonly rssMb?: number;
}

export interface Command {
  readonly argv: readonly string[];
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Run before each counted run, not timed (a fresh cache, a stopped stack). */
  readonly before?: () => void;
  /** Exit codes taken as success (default 0). */
  readonly ok?: readonly number[];
}

/** Runs `c` once, timed; throws on an unexpected exit code. */
export function runOnce(c: Command): Sample {
  c.before?.();
  const usage = join(scratch, `u-${process.hrtime.bigint()}`);
  const isNode = c.argv[0] === process.execPath || c.argv[0] === 'node';
  const env = { ...process.env, ...c.env, ...(isNode ? { GS_BENCH_USAGE: usage, NODE_OPTIONS: `${c.env?.NODE_OPTIONS ?? ''} --import ${preload}`.trim() } : {}) };
  const t0 = process.hrtime.bigint();
  const r = spawnSync(c.argv[0]!, c.argv.slice(1), { cwd: c.cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (!(c.ok ?? [0]).includes(r.status ?? -1)) throw new Error(`${c.argv.join(' ')} exited ${r.status ?? r.signal}:\n${r.stderr}${r.stdout}`.slice(0, 4000));
  let u: { cpu: number; rssMb: number } | undefined;
  try {
    u = JSON.parse(readFileSync(usage, 'utf8').trim().split('\n')[0]!) as { cpu: number; rssMb: number };
    rmSync(usage, { force: true });
  } catch {
    // not a Node process
  }
  return { wall, ...(u ? { cpu: u.cpu, rssMb: u.rssMb } : {}) };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface Paired {
  readonly a: Sample[];
  readonly b: Sample[];
  /** Median of the pairwise wall ratios A/B. */
  readonly wallRatio: number;
  /** Median of the pairwise CPU ratios A/B, when both are Node processes. */
  readonly cpuRatio?: number;
}

/** A and B in turn, one warm-up each, then `runs` counted pairs. */
export function paired(a: Command, b: Command, runs: number): Paired {
  runOnce(a);
  runOnce(b);
  const as: Sample[] = [];
  const bs: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    as.push(runOnce(a));
    bs.push(runOnce(b));
  }
  const cpu = as.every((s) => s.cpu !== undefined) && bs.every((s) => s.cpu !== undefined);
  return {
    a: as,
    b: bs,
    wallRatio: median(as.map((s, i) => s.wall / bs[i]!.wall)),
    ...(cpu ? { cpuRatio: median(as.map((s, i) => s.cpu! / bs[i]!.cpu!)) } : {}),
  };
}

export const fmt = (s: number) => (s < 10 ? s.toFixed(3) : s.toFixed(1));
export const x = (r: number) => `${r.toFixed(2)}x`;

/** A markdown table row. */
export function row(cells: readonly (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}
