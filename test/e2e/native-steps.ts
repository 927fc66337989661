import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isRunning, type ProcessId } from '../../src/run/proc.js';
import { BIN, type CliResult } from '../helpers.js';

/**
 * The steps every native end-to-end stack goes through, whatever its services: the
 * permissive one that runs here (native.test.ts) and the one with Grafana, Loki and Tempo
 * (native-lgtm.test.ts). Each asserts what it is about.
 */
export interface RunStateFile {
  supervisor: ProcessId;
  services: Record<string, { phase: string; restarts: number; process?: ProcessId }>;
}

export function readRunState(dir: string): RunStateFile {
  return JSON.parse(readFileSync(join(dir, '.grafana-stack/run/state.json'), 'utf8')) as RunStateFile;
}

/** SIGKILL a service: the supervisor restarts it once, says so in its log, and it is ready again. */
export async function killAndAwaitRestart(dir: string, service: string): Promise<void> {
  const before = readRunState(dir).services[service]!.process!;
  process.kill(before.pid, 'SIGKILL');
  const deadline = Date.now() + 60_000;
  let s = readRunState(dir).services[service]!;
  while (Date.now() < deadline) {
    s = readRunState(dir).services[service]!;
    if (s.phase === 'ready' && s.process && s.process.pid !== before.pid) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(s.phase, 'ready');
  assert.equal(s.restarts, 1);
  assert.match(readFileSync(join(dir, '.grafana-stack/logs/supervisor.log'), 'utf8'), new RegExp(`${service}: was killed by SIGKILL; restarting in 1s \\(restart #1\\)`));
}

/** SIGKILL the supervisor: its services outlive it, and the next `down` finds and stops them. */
export function killSupervisorThenDown(dir: string, run: (...args: string[]) => CliResult): void {
  const s = readRunState(dir);
  process.kill(s.supervisor.pid, 'SIGKILL');
  const services = Object.values(s.services).map((x) => x.process!);
  assert.ok(services.every(isRunning), 'services outlive a killed supervisor until down');
  const down = run('down');
  assert.equal(down.code, 0, down.stderr);
  assert.match(down.stderr, /left running by a supervisor that is gone/);
  assert.deepEqual(services.filter(isRunning), []);
  assert.equal(run('status').code, 1);
}

/**
 * A foreground `up` until `count` services are ready and a second has passed, its logs
 * streamed with their prefix (`logLine` one of them); then Ctrl-C stops it and everything.
 */
export async function foregroundUpThenSigint(dir: string, env: NodeJS.ProcessEnv, count: number, logLine: RegExp): Promise<void> {
  const child = spawn(process.execPath, [BIN, 'up'], { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const ready = new RegExp(`is up: ${count} services ready`);
  const deadline = Date.now() + 60_000;
  while (!ready.test(out) && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
  assert.match(out, ready, out.slice(-2000));
  await new Promise((r) => setTimeout(r, 1000));
  assert.match(out, logLine, 'service logs are streamed with their prefix');
  const services = Object.values(readRunState(dir).services).map((x) => x.process!);
  child.kill('SIGINT');
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  assert.equal(code, 0, out.slice(-2000));
  assert.match(out, /SIGINT: stopping the stack/);
  assert.deepEqual(services.filter(isRunning), []);
}
