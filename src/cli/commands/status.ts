import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { colorsFor, palette } from '../colors.js';
import { findProject } from '../find-project.js';
import { probe } from '../../run/health.js';
import { runningSupervisor } from '../../run/instance.js';
import { runPaths } from '../../run/paths.js';
import { isRunning } from '../../run/proc.js';
import { readState } from '../../run/state.js';

export const spec = {
  usage: 'status [--json]',
  options: { json: { type: 'boolean', default: false, description: 'print the state as JSON' } },
} as const satisfies CommandSpec;

/**
 * `status [--json]`: per service its pid, state, live readiness (probed now, not taken from
 * the state file), uptime and URL. Exit 0 when every service is ready, 1 otherwise, so
 * scripts can wait on it.
 */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('status', args, spec);
  const { projectDir } = findProject(ctx);
  const paths = runPaths(projectDir);
  const state = await readState(paths.state);
  const supervisor = runningSupervisor(paths);
  const now = Date.now();
  const rows = await Promise.all(
    Object.values(state?.services ?? {}).map(async (s) => {
      const running = Boolean(s.process && isRunning(s.process));
      const ready = running && (await probe(s.healthUrl, 2000));
      return {
        service: s.name,
        pid: running ? s.process!.pid : null,
        state: running ? (ready ? 'ready' : s.phase === 'ready' ? 'unready' : s.phase) : supervisor ? s.phase : 'stopped',
        ready,
        uptimeSeconds: running && s.startedAt ? Math.round((now - Date.parse(s.startedAt)) / 1000) : null,
        restarts: s.restarts,
        url: s.url,
      };
    }),
  );
  const allReady = rows.length > 0 && rows.every((r) => r.ready);
  if (values.json) {
    ctx.stdout(`${JSON.stringify({ stack: state?.stack ?? null, supervisor: supervisor?.pid ?? null, ready: allReady, services: rows }, null, 2)}\n`);
    return allReady ? 0 : 1;
  }
  if (!state || (!supervisor && rows.every((r) => r.pid === null))) {
    ctx.stdout('the stack is not running (start it with grafana-stack up)\n');
    return 1;
  }
  const c = palette(colorsFor(ctx.env, ctx.interactive));
  const w = Math.max(7, ...rows.map((r) => r.service.length));
  ctx.stdout(`stack "${state.stack}": supervisor ${supervisor ? `pid ${supervisor.pid}` : c.red('not running')}\n`);
  ctx.stdout(`${'SERVICE'.padEnd(w)}  ${'STATE'.padEnd(10)}  ${'PID'.padEnd(7)}  ${'UPTIME'.padEnd(8)}  RESTARTS  URL\n`);
  for (const r of rows) {
    const st = r.ready ? c.green(r.state.padEnd(10)) : c.red(r.state.padEnd(10));
    ctx.stdout(`${r.service.padEnd(w)}  ${st}  ${String(r.pid ?? '-').padEnd(7)}  ${(r.uptimeSeconds === null ? '-' : formatUptime(r.uptimeSeconds)).padEnd(8)}  ${String(r.restarts).padEnd(8)}  ${r.url}\n`);
  }
  return allReady ? 0 : 1;
}

function formatUptime(s: number): string {
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
