import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Manifest, ManifestService } from './manifest.js';
import { serviceUrl } from './manifest.js';
import { serviceLog, type RunPaths } from './paths.js';
import { identify } from './proc.js';
import { DEFAULT_RESTART, ServiceProcess, StartFailure, type RestartPolicy } from './service-process.js';
import { writeState, type RunState, type StackPhase } from './state.js';

export interface SupervisorOptions {
  /** Supervisor events (started, ready, restarted), also appended to logs/supervisor.log. */
  readonly onEvent?: (service: string, message: string) => void;
  readonly restart?: RestartPolicy;
  /** Grace period before SIGKILL when stopping a service (default: each service's own). */
  readonly stopGraceMs?: number;
  /** Called once each state.json write is done: whoever waits on the stack reads it then, instead of polling. */
  readonly onPersisted?: (state: RunState) => void;
}

/**
 * Runs a native stack from its manifest: starts each service once its dependencies are
 * ready (independent ones in parallel), keeps state.json current, restarts crashed services
 * with backoff, and stops everything in reverse dependency order. If a service cannot
 * become ready during the first start, everything started is stopped and start() rejects
 * with the service's last log lines.
 */
export class Supervisor {
  private readonly services = new Map<string, ServiceProcess>();
  private phase: StackPhase = 'starting';
  private readonly startedAt = new Date();
  private readyAt: Date | undefined;
  private error: RunState['error'];
  private writing: Promise<void> = Promise.resolve();
  private stopped: Promise<void> | undefined;

  constructor(
    private readonly manifest: Manifest,
    private readonly paths: RunPaths,
    private readonly opts: SupervisorOptions = {},
  ) {
    const events = { event: (s: string, m: string) => this.event(s, m), changed: () => this.persist() };
    for (const s of manifest.services) {
      this.services.set(s.name, new ServiceProcess(s, serviceLog(paths, s.name), events, opts.restart ?? DEFAULT_RESTART));
    }
  }

  async start(): Promise<void> {
    this.event('supervisor', `starting stack "${this.manifest.stack}" (pid ${process.pid})`);
    this.persist();
    const names = this.manifest.services.map((s) => s.name);
    const startAll = inDependencyOrder(
      names,
      (name) => this.spec(name).dependsOn.filter((d) => this.services.has(d)),
      async (name) => {
        if (this.phase === 'starting') await this.services.get(name)!.start();
      },
    );
    try {
      await startAll;
      if (this.phase !== 'starting') throw new Error('stopped while starting');
    } catch (e) {
      this.error = e instanceof StartFailure ? { message: e.message, service: e.service, logTail: e.logTail } : { message: (e as Error).message };
      this.phase = 'failed';
      this.event('supervisor', `start failed: ${this.error.message}`);
      await this.stopAll('failed');
      throw e;
    }
    this.phase = 'ready';
    this.readyAt = new Date();
    this.event('supervisor', `all ${this.services.size} services ready in ${((this.readyAt.getTime() - this.startedAt.getTime()) / 1000).toFixed(1)}s`);
    this.persist();
  }

  /** Stops every service (dependents first). Idempotent. */
  stop(): Promise<void> {
    this.stopped ??= this.stopAll('stopped');
    return this.stopped;
  }

  private async stopAll(final: StackPhase): Promise<void> {
    if (this.phase !== 'failed') this.phase = 'stopping';
    this.persist();
    // Dependents stop before what they depend on.
    await inDependencyOrder(
      [...this.services.keys()],
      (name) => this.manifest.services.filter((s) => s.dependsOn.includes(name)).map((s) => s.name),
      async (name) => {
        const svc = this.services.get(name)!;
        await svc.stop(this.opts.stopGraceMs ?? svc.spec.stopGraceSeconds * 1000);
      },
    );
    this.phase = final;
    this.event('supervisor', final === 'failed' ? 'stopped after a failed start' : 'stopped');
    this.persist();
    await this.writing;
  }

  state(): RunState {
    const services: Record<string, RunState['services'][string]> = {};
    for (const [name, s] of this.services) {
      services[name] = {
        name,
        url: serviceUrl(s.spec),
        healthUrl: s.spec.health.url,
        phase: s.phase,
        restarts: s.restarts,
        ...(s.id && (s.phase === 'starting' || s.phase === 'ready' || s.phase === 'stopping') ? { process: s.id } : {}),
        ...(s.startedAt ? { startedAt: s.startedAt.toISOString() } : {}),
        ...(s.readyAt ? { readyAt: s.readyAt.toISOString() } : {}),
        ...(s.readySeconds !== undefined ? { readySeconds: s.readySeconds } : {}),
        ...(s.lastExit ? { lastExit: s.lastExit } : {}),
      };
    }
    return {
      stack: this.manifest.stack,
      supervisor: identify(process.pid),
      phase: this.phase,
      startedAt: this.startedAt.toISOString(),
      ...(this.readyAt ? { readyAt: this.readyAt.toISOString() } : {}),
      ...(this.error ? { error: this.error } : {}),
      services,
    };
  }

  private spec(name: string): ManifestService {
    return this.services.get(name)!.spec;
  }

  private persist(): void {
    // Serialized, so an older state never overwrites a newer one.
    const snapshot = this.state();
    this.writing = this.writing
      .then(() => writeState(this.paths.state, snapshot))
      .then(() => this.opts.onPersisted?.(snapshot))
      .catch(() => undefined);
  }

  private event(service: string, message: string): void {
    try {
      mkdirSync(dirname(this.paths.supervisorLog), { recursive: true });
      appendFileSync(this.paths.supervisorLog, `${new Date().toISOString()} ${service}: ${message}\n`);
    } catch {
      // Logging must never take the stack down.
    }
    this.opts.onEvent?.(service, message);
  }
}

/**
 * Runs `act` on every node once all nodes `before(node)` names have finished, independent
 * nodes concurrently. Rejects as soon as one action does (the others keep their course).
 */
function inDependencyOrder(nodes: readonly string[], before: (node: string) => readonly string[], act: (node: string) => Promise<void>): Promise<void> {
  const done = new Map<string, Promise<void>>();
  const visit = (node: string): Promise<void> => {
    let p = done.get(node);
    if (!p) {
      p = Promise.all(before(node).map(visit)).then(() => act(node));
      done.set(node, p);
    }
    return p;
  };
  return Promise.all(nodes.map(visit)).then(() => undefined);
}
