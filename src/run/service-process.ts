import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { probe } from './health.js';
import { tailLines } from './log-tail.js';
import type { ManifestService } from './manifest.js';
import { identify, signal, type ProcessId } from './proc.js';
import type { ServicePhase } from './state.js';

export interface ServiceEvents {
  /** Something the supervisor log (and the terminal) should show. */
  event(service: string, message: string): void;
  /** Any change worth persisting to state.json. */
  changed(): void;
}

export interface RestartPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  /** A run this long resets the backoff. */
  readonly resetAfterMs: number;
}

export const DEFAULT_RESTART: RestartPolicy = { initialMs: 1000, maxMs: 30_000, resetAfterMs: 60_000 };

/** Why a service could not become ready: the message and its last log lines. */
export class StartFailure extends Error {
  constructor(
    message: string,
    readonly service: string,
    readonly logTail: readonly string[],
  ) {
    super(message);
  }
}

/**
 * One supervised service: spawns it with its output appended to its log file (so the log
 * outlives the supervisor), waits for its readiness endpoint, and after the first ready
 * answer restarts it with exponential backoff whenever it exits unasked.
 */
export class ServiceProcess {
  phase: ServicePhase = 'waiting';
  restarts = 0;
  startedAt: Date | undefined;
  readyAt: Date | undefined;
  readySeconds: number | undefined;
  lastExit: { code: number | null; signal: string | null; at: string } | undefined;
  id: ProcessId | undefined;
  private child: ChildProcess | undefined;
  private stopping = false;
  private everReady = false;
  private backoffMs: number;
  private restartTimer: NodeJS.Timeout | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly spec: ManifestService,
    private readonly logFile: string,
    private readonly events: ServiceEvents,
    private readonly policy: RestartPolicy = DEFAULT_RESTART,
  ) {
    this.backoffMs = policy.initialMs;
  }

  /** Starts the process and resolves once it is ready; rejects with StartFailure otherwise. */
  async start(): Promise<void> {
    const logOffset = this.spawn();
    const outcome = await this.awaitReady(this.child!);
    if (outcome === 'ready') return;
    const tail = tailLines(this.logFile, 20, logOffset);
    if (outcome === 'exited') {
      const how = this.lastExit ? describeExit(this.lastExit) : 'exited';
      throw new StartFailure(`${this.spec.name} ${how} before it was ready`, this.spec.name, tail);
    }
    throw new StartFailure(`${this.spec.name} was not ready within ${this.spec.health.startupSeconds}s (${this.spec.health.url})`, this.spec.name, tail);
  }

  /** Graceful stop (SIGTERM, then SIGKILL after the grace period); no restart follows. */
  async stop(graceMs = 30_000): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    if (this.id && this.child && this.child.exitCode === null && this.child.signalCode === null) {
      this.phase = 'stopping';
      this.events.changed();
      const started = Date.now();
      const how = await this.terminate(this.id, graceMs);
      this.events.event(this.spec.name, how === 'killed' ? `did not stop within ${graceMs / 1000}s: killed` : `stopped in ${((Date.now() - started) / 1000).toFixed(1)}s`);
      await this.exited;
    }
    this.phase = 'stopped';
    this.events.changed();
  }

  /**
   * SIGTERM, then SIGKILL after the grace period. The child is this process's own, so its
   * exit event says when it is gone (no polling, nothing added to `down`).
   */
  private async terminate(id: ProcessId, graceMs: number): Promise<'stopped' | 'killed' | 'gone'> {
    if (!signal(id, 'SIGTERM')) return 'gone';
    const exited = (ms: number) => new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), ms);
      void this.exited.then(() => (clearTimeout(timer), resolve(true)));
    });
    if (await exited(graceMs)) return 'stopped';
    signal(id, 'SIGKILL');
    await exited(5000);
    return 'killed';
  }

  private spawn(): number {
    mkdirSync(dirname(this.logFile), { recursive: true });
    mkdirSync(this.spec.cwd, { recursive: true });
    const offset = sizeOf(this.logFile);
    const fd = openSync(this.logFile, 'a', 0o640);
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, TZ: process.env.TZ, LANG: process.env.LANG, ...this.spec.env };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    for (const [k, file] of Object.entries(this.spec.secretEnv ?? {})) env[k] = readFileSync(file, 'utf8').trim();
    let child: ChildProcess;
    try {
      // Its own process group: a Ctrl-C reaches the supervisor, which stops services in order.
      child = spawn(this.spec.command, [...this.spec.args], { cwd: this.spec.cwd, env, stdio: ['ignore', fd, fd], detached: true });
    } finally {
      closeSync(fd);
    }
    this.child = child;
    this.startedAt = new Date();
    this.phase = 'starting';
    this.id = child.pid === undefined ? undefined : identify(child.pid);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.onExit(child, code, signal);
        resolve();
      });
      child.once('error', (e) => {
        appendFileSync(this.logFile, `grafana-stack: cannot start ${this.spec.command}: ${e.message}\n`);
        this.onExit(child, 127, null);
        resolve();
      });
    });
    this.events.event(this.spec.name, `started (pid ${child.pid ?? '?'})`);
    this.events.changed();
    return offset;
  }

  private markReady(): void {
    this.phase = 'ready';
    this.readyAt = new Date();
    if (!this.everReady) this.readySeconds = (this.readyAt.getTime() - this.startedAt!.getTime()) / 1000;
    this.everReady = true;
    this.events.event(this.spec.name, `ready after ${((this.readyAt.getTime() - this.startedAt!.getTime()) / 1000).toFixed(1)}s`);
    this.events.changed();
  }

  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.child !== child) return;
    this.lastExit = { code, signal, at: new Date().toISOString() };
    if (this.stopping) return;
    if (!this.everReady) {
      // start() reports it (fail fast with the log tail).
      this.phase = 'failed';
      this.events.changed();
      return;
    }
    const ranMs = Date.now() - (this.startedAt?.getTime() ?? 0);
    if (ranMs > this.policy.resetAfterMs) this.backoffMs = this.policy.initialMs;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, this.policy.maxMs);
    this.restarts++;
    this.phase = 'restarting';
    const message = `${describeExit(this.lastExit)}; restarting in ${(delay / 1000).toFixed(0)}s (restart #${this.restarts})`;
    appendFileSync(this.logFile, `grafana-stack: ${this.spec.name} ${message}\n`);
    this.events.event(this.spec.name, message);
    this.events.changed();
    this.restartTimer = setTimeout(() => void this.restart(), delay);
  }

  private async restart(): Promise<void> {
    if (this.stopping) return;
    this.spawn();
    // A restarted service that exits again is handled by onExit (the next backoff step).
    await this.awaitReady(this.child!);
  }

  /** Polls the readiness endpoint until `child` answers, exits (or was replaced), or the startup time is up. */
  private async awaitReady(child: ChildProcess): Promise<'ready' | 'exited' | 'timeout'> {
    const started = Date.now();
    const deadline = started + this.spec.health.startupSeconds * 1000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null || this.child !== child) return 'exited';
      if (await probe(this.spec.health.url, this.spec.health.timeoutSeconds * 1000)) {
        if (!this.stopping && this.child === child) this.markReady();
        return 'ready';
      }
      await sleep(probeInterval(Date.now() - started, this.spec.health.periodSeconds * 1000));
    }
    return 'timeout';
  }
}

/**
 * How long to wait before the next readiness probe, `elapsedMs` after the spawn. A probe of
 * a local port costs well under a millisecond, and every millisecond between a service's
 * readiness and its noticing is added to `up`: so the wait grows with the time already
 * waited (readiness is noticed at most ~5% late, or 10 ms) instead of doubling, and never
 * exceeds the service's own period (nor 250 ms).
 */
export function probeInterval(elapsedMs: number, periodMs: number): number {
  return Math.max(1, Math.min(250, periodMs, Math.max(10, Math.round(elapsedMs / 20))));
}

function describeExit(e: { code: number | null; signal: string | null }): string {
  return e.signal ? `was killed by ${e.signal}` : `exited with code ${e.code}`;
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
