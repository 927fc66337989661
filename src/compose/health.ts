import { setTimeout as sleep } from 'node:timers/promises';
import { StackError } from '../core/errors.js';
import { docker } from '../images/docker.js';

/** One container of a Compose project, as `docker inspect` tells it. */
export interface ProjectContainer {
  readonly id: string;
  readonly service: string;
  /** running, exited, restarting, ... */
  readonly status: string;
  /** healthy, unhealthy, starting, or undefined without a healthcheck. */
  readonly health: string | undefined;
  readonly exitCode: number;
  readonly labels: Readonly<Record<string, string>>;
}

/** Every container of a project, found by the label both Compose versions set. */
export async function projectContainers(project: string, env?: NodeJS.ProcessEnv): Promise<ProjectContainer[]> {
  const ids = (await docker(['ps', '-a', '-q', '--filter', `label=com.docker.compose.project=${project}`], env)).split('\n').filter(Boolean);
  if (!ids.length) return [];
  const inspected = JSON.parse(await docker(['inspect', ...ids], env)) as {
    Id: string;
    Config: { Labels: Record<string, string> | null };
    State: { Status: string; ExitCode: number; Health?: { Status: string } };
  }[];
  return inspected.map((c) => ({
    id: c.Id,
    service: c.Config.Labels?.['com.docker.compose.service'] ?? '?',
    status: c.State.Status,
    health: c.State.Health?.Status,
    exitCode: c.State.ExitCode,
    labels: c.Config.Labels ?? {},
  }));
}

/** Unhealthy, stopped or crash-looping: waiting longer will not make it healthy. */
export function hasFailed(c: ProjectContainer): boolean {
  return c.health === 'unhealthy' || c.status === 'exited' || c.status === 'dead' || c.status === 'restarting';
}

/** `<service> is unhealthy; its last log lines: ...` (or `is exited (exit code N)`). */
export async function describeFailure(c: ProjectContainer, env?: NodeJS.ProcessEnv): Promise<string> {
  const why = c.health === 'unhealthy' ? 'is unhealthy' : `is ${c.status} (exit code ${c.exitCode})`;
  return `${c.service} ${why}; its last log lines:\n${(await containerLogs(c.id, 15, env)).trimEnd()}`;
}

/**
 * Waits until every expected service's container is healthy, reporting each as it gets
 * there. An unhealthy, exited or restarting container fails at once with its last log
 * lines, rather than after the whole timeout.
 */
export async function waitHealthy(project: string, services: readonly string[], o: { timeoutMs: number; env?: NodeJS.ProcessEnv; onHealthy: (service: string, afterMs: number) => void }): Promise<void> {
  const started = Date.now();
  const reported = new Set<string>();
  for (;;) {
    const containers = await projectContainers(project, o.env);
    for (const service of services) {
      const c = containers.find((x) => x.service === service);
      if (!c) continue;
      if (c.health === 'healthy' && !reported.has(service)) {
        reported.add(service);
        o.onHealthy(service, Date.now() - started);
      }
      if (hasFailed(c)) throw new StackError(await describeFailure(c, o.env), [], 1);
    }
    if (services.every((s) => reported.has(s))) return;
    if (Date.now() - started > o.timeoutMs) {
      const waiting = services.filter((s) => !reported.has(s));
      throw new StackError(`not healthy after ${Math.round(o.timeoutMs / 1000)} s: ${waiting.join(', ')} (see docker logs)`, [], 1);
    }
    await sleep(500);
  }
}

/** A container's last log lines, stdout and stderr together (components log to stderr). */
async function containerLogs(id: string, lines: number, env?: NodeJS.ProcessEnv): Promise<string> {
  return docker(['logs', '--tail', String(lines), id], env, { combined: true }).catch((e: Error) => `(docker logs failed: ${e.message})`);
}
