import { relative } from 'node:path';
import type { Stack } from '../model/stack.js';
import type { PreparedLogin } from '../run/prepared.js';
import type { RunState } from '../run/state.js';
import type { Palette } from './colors.js';

/** Grafana's login as the summary tells it, when the stack has Grafana. */
export function grafanaLogin(stack: Stack): PreparedLogin | undefined {
  const grafana = stack.components.grafana;
  if (!grafana) return undefined;
  const user = (grafana.options as { adminUser?: string }).adminUser ?? 'admin';
  const src = grafana.secrets['admin-password'];
  return { user, password: src && 'env' in src ? { env: src.env } : src && 'file' in src ? { file: src.file } : { generated: true } };
}

/** The table `up` prints once every service is ready, and how to log in to Grafana. */
export function upSummary(state: RunState, login: PreparedLogin | undefined, projectDir: string, cwd: string, c: Palette): string {
  const services = Object.values(state.services);
  const width = Math.max(...services.map((s) => s.name.length), 7);
  const total = state.readyAt ? (Date.parse(state.readyAt) - Date.parse(state.startedAt)) / 1000 : undefined;
  const lines = [
    '',
    c.green(`stack "${state.stack}" is up: ${services.length} services ready${total !== undefined ? ` in ${total.toFixed(1)}s` : ''}`),
    ...services.map((s) => `  ${c.service(s.name, s.name.padEnd(width))}  ${s.url.padEnd(24)}  ${s.readySeconds !== undefined ? `ready after ${s.readySeconds.toFixed(1)}s` : s.phase}`),
  ];
  const g = state.services.grafana;
  if (login && g) {
    const p = login.password;
    const where = 'env' in p ? `the value of $${p.env}` : 'file' in p ? `in ${p.file}` : `cat ${relative(cwd, `${projectDir}/.grafana-stack/secrets/grafana-admin-password`) || '.'}`;
    lines.push('', `Grafana: ${c.bold(g.url)}  user ${c.bold(login.user)}, password: ${where}`);
  }
  lines.push(c.dim('logs: grafana-stack logs [service] -f   status: grafana-stack status   stop: grafana-stack down'), '');
  return lines.join('\n');
}
