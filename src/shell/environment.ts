import { COMPONENT_LIST } from '../components/registry.js';
import { localUrl } from '../resolve/addresses.js';
import type { Stack } from '../resolve/stack.js';
import { otelEnvironment } from './otel-environment.js';

/**
 * The variables `shell` and `env` set: each enabled component's client conventions
 * (LOKI_ADDR for logcli, GRAFANA_URL, the OpenTelemetry SDKs' trace endpoint, ...) at this
 * stack's addresses on this machine, which the native run and Compose publish alike. No
 * secret is ever among them: the environment leaks into child processes and `ps e`.
 */
export function clientEnvironment(stack: Stack): [name: string, value: string][] {
  const out: [string, string][] = [['GRAFANA_STACK_SHELL', stack.name]];
  for (const def of COMPONENT_LIST) {
    if (!stack.components[def.name]) continue;
    for (const [name, v] of Object.entries(def.clientEnv ?? {})) {
      const url = 'value' in v ? undefined : localUrl(stack, def.name, v.port, v.path);
      const value = 'value' in v ? v.value : v.hostPort && url ? new URL(url).host : url;
      if (value !== undefined) out.push([name, value]);
    }
  }
  return [...out, ...otelEnvironment(stack)];
}

/** A value quoted for POSIX shells: single quotes, with each `'` closed, escaped and reopened. */
export function shQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`;
}

/** A value quoted for fish, whose single quotes also treat `\\` specially. */
export function fishQuote(s: string): string {
  return `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

export type ExportSyntax = 'sh' | 'fish';

/** `export` lines (or fish's `set -gx`) for the variables, with `binDir` put first on PATH. */
export function exportLines(vars: readonly [string, string][], binDir: string | undefined, syntax: ExportSyntax): string[] {
  const lines = vars.map(([k, v]) => (syntax === 'fish' ? `set -gx ${k} ${fishQuote(v)}` : `export ${k}=${shQuote(v)}`));
  if (binDir) lines.push(syntax === 'fish' ? `set -gx PATH ${fishQuote(binDir)} $PATH` : `export PATH=${shQuote(binDir)}:"$PATH"`);
  return lines;
}
