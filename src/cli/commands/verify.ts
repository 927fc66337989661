import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { colorsFor, palette } from '../colors.js';
import { loadStack } from '../load-stack.js';
import { StackError } from '../../core/errors.js';
import { runPaths } from '../../run/paths.js';
import { withRunningPorts } from '../../run/running-stack.js';
import type { Stack } from '../../model/stack.js';
import { ENDPOINT_NAMES, nativeEndpoints, withOverrides } from '../../verify/endpoints.js';
import { verifyStack } from '../../verify/verify.js';

export const spec = {
  usage: 'verify [--url NAME=URL]... [--timeout S]',
  options: {
    url: { type: 'string', multiple: true, default: [], value: 'NAME=URL', description: `check a deployment elsewhere: ${ENDPOINT_NAMES.join(', ')} at URL (repeatable)` },
    user: { type: 'string', value: 'USER', description: "Grafana user (default: the stack's admin user)" },
    timeout: { type: 'string', default: '60', value: 'S', description: 'seconds to wait for each signal to arrive' },
    // Read back an earlier run (its ids from an earlier verify's output) without pushing.
    run: { type: 'string', value: 'ID', description: 'read back an earlier run instead of pushing (with --trace)' },
    trace: { type: 'string', value: 'ID', description: 'the trace id the earlier run printed' },
  },
} as const satisfies CommandSpec;

/**
 * `verify [--url name=URL]... [--timeout S]`: the end-to-end check, against the native stack
 * by default. Exit 0 only when every check passed.
 */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('verify', args, spec);
  if ((values.run === undefined) !== (values.trace === undefined)) throw new StackError('--run and --trace go together: the run id and trace id an earlier verify printed');
  const { stack, projectDir } = await loadStack(ctx, { checkQueries: false });
  const endpoints = withOverrides(nativeEndpoints(await withRunningPorts(stack, projectDir)), values.url);
  const grafana = stack.components.grafana;
  const user = values.user ?? (grafana?.options as { adminUser?: string } | undefined)?.adminUser ?? 'admin';
  const password = grafana ? await grafanaPassword(stack, projectDir, ctx.env) : '';
  const c = palette(colorsFor(ctx.env, ctx.interactive));
  const started = Date.now();
  ctx.stdout(grafana ? `verifying stack "${stack.name}" through Grafana at ${endpoints.grafana}\n` : `verifying stack "${stack.name}" against each backend's own API (this stack has no Grafana)\n`);
  const { runId, results, notRun } = await verifyStack({
    stack,
    endpoints,
    user,
    password,
    timeoutMs: Number(values.timeout) * 1000,
    ...(values.run && values.trace ? { lookup: { runId: values.run, traceId: values.trace } } : {}),
    onResult: (r) => ctx.stdout(`  ${r.ok ? c.green('✓') : c.red('✗')} ${r.name.padEnd(12)} ${`${r.seconds.toFixed(2)}s`.padStart(7)}  ${r.detail}\n`),
  });
  for (const n of notRun) ctx.stdout(`  - ${n}: not run\n`);
  if (!results.length) throw new StackError('verify has nothing to check in this stack: enable grafana, prometheus or alertmanager');
  const failed = results.filter((r) => !r.ok);
  const total = ((Date.now() - started) / 1000).toFixed(1);
  if (failed.length) {
    ctx.stdout(c.red(`${failed.length} of ${results.length} checks failed (run ${runId}, ${total}s)\n`));
    return 1;
  }
  ctx.stdout(c.green(`all ${results.length} checks passed (run ${runId}, ${total}s)\n`));
  return 0;
}

/** The admin password from wherever the stack keeps it: GRAFANA_STACK_PASSWORD, the configured env/file, or the generated secret. */
async function grafanaPassword(stack: Stack, projectDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  if (env.GRAFANA_STACK_PASSWORD) return env.GRAFANA_STACK_PASSWORD;
  const src = stack.components.grafana!.secrets['admin-password'];
  if (src && 'env' in src) {
    const v = env[src.env];
    if (!v) throw new StackError(`the Grafana admin password comes from $${src.env}, which is not set`);
    return v;
  }
  const file = src && 'file' in src ? src.file : join(runPaths(projectDir).root, 'secrets', 'grafana-admin-password');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    throw new StackError(`cannot read the Grafana admin password from ${file} (set GRAFANA_STACK_PASSWORD for a remote stack)`);
  }
}
