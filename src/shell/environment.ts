import { COMPONENT_LIST } from '../components/registry.js';
import { localUrl } from '../resolve/addresses.js';
import type { Stack } from '../model/stack.js';
import { otelEnvironment } from './otel-environment.js';
import { checkVariableName, fishQuote, shQuote } from '../formats/shell.js';

export { fishQuote, shQuote };

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

export type ExportSyntax = 'sh' | 'fish';

/** `export` lines (or fish's `set -gx`) for the variables, with `binDir` put first on PATH. */
export function exportLines(vars: readonly [string, string][], binDir: string | undefined, syntax: ExportSyntax): string[] {
  const lines = vars.map(([k, v]) => (syntax === 'fish' ? `set -gx ${checkVariableName(k)} ${fishQuote(v)}` : `export ${checkVariableName(k)}=${shQuote(v)}`));
  if (binDir) lines.push(syntax === 'fish' ? `set -gx PATH ${fishQuote(binDir)} $PATH` : `export PATH=${shQuote(binDir)}:"$PATH"`);
  return lines;
}
