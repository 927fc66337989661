import { readFileSync } from 'node:fs';
import type { CommandContext, CommandModule } from './command.js';

/**
 * The `grafana-stack` entry point. It imports nothing heavy: each command is loaded on
 * demand, so `--version` and `--help` never load zod, yaml or the grammars (a test keeps
 * it that way).
 */
const COMMANDS: Record<string, { summary: string; hidden?: boolean; load: () => Promise<CommandModule> }> = {
  init: { summary: 'write a commented grafana-stack.config.ts', load: () => import('./commands/init.js') },
  config: { summary: 'print the resolved stack [--component C] [--format json|yaml]', load: () => import('./commands/config.js') },
  check: { summary: 'validate offline: schema, ports, queries, and the components\' own validators', load: () => import('./commands/check.js') },
  schema: { summary: 'print the JSON Schema of the stack definition', load: () => import('./commands/schema.js') },
  render: { summary: 'write a target\'s files: render <native|systemd|compose|kubernetes|helm|all> --out DIR [--archive] [--namespace NS]', load: () => import('./commands/render.js') },
  lock: { summary: 'pin every component\'s artifact in grafana-stack.lock.json [--update]', load: () => import('./commands/lock.js') },
  fetch: { summary: 'put pinned binaries into the store: fetch [C...] [--from release|source]', load: () => import('./commands/fetch.js') },
  which: { summary: 'print the path of a component\'s binary in the store', load: () => import('./commands/which.js') },
  up: { summary: 'run the stack natively, ready-gated; --detach returns once ready', load: () => import('./commands/up.js') },
  status: { summary: 'the running stack: per service pid, state, readiness, uptime, URL [--json]', load: () => import('./commands/status.js') },
  logs: { summary: 'service logs: logs [service...] [-f] [-n N]', load: () => import('./commands/logs.js') },
  down: { summary: 'stop the native stack gracefully (data is kept)', load: () => import('./commands/down.js') },
  verify: { summary: 'push a metric, a log line and a trace; read each back through Grafana [--url name=URL]', load: () => import('./commands/verify.js') },
  images: { summary: 'build one OCI image per component: images [C...] [--out DIR] [--load]', load: () => import('./commands/images.js') },
  compose: { summary: 'run the stack with Docker Compose: compose up|down (images built and loaded as needed)', load: () => import('./commands/compose.js') },
  k8s: { summary: 'deploy to Kubernetes with kubectl: k8s apply|diff|delete [--context C] [--namespace NS] [--no-wait] [--timeout S]', load: () => import('./commands/k8s.js') },
  supervise: { summary: 'the background supervisor of up --detach', hidden: true, load: () => import('./commands/supervise.js') },
};

export async function main(argv: readonly string[], io: Partial<CommandContext> = {}): Promise<number> {
  const ctx: CommandContext = {
    cwd: io.cwd ?? process.cwd(),
    stdout: io.stdout ?? ((s) => void process.stdout.write(s)),
    stderr: io.stderr ?? ((s) => void process.stderr.write(s)),
    env: io.env ?? process.env,
    interactive: io.interactive ?? (io.stderr ? false : Boolean(process.stderr.isTTY)),
    configFile: undefined,
    sets: [],
  };
  const args = [...argv];
  // Global --config and --set may come before or after the command.
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--config' || a === '-c') {
      ctx.configFile = args[i + 1];
      if (!ctx.configFile) return usageError(ctx, '--config needs a file');
      args.splice(i, 2);
      i--;
    } else if (a.startsWith('--config=')) {
      ctx.configFile = a.slice('--config='.length);
      args.splice(i, 1);
      i--;
    } else if (a === '--set') {
      const value = args[i + 1];
      if (!value) return usageError(ctx, '--set needs path=value');
      ctx.sets!.push(value);
      args.splice(i, 2);
      i--;
    } else if (a.startsWith('--set=')) {
      ctx.sets!.push(a.slice('--set='.length));
      args.splice(i, 1);
      i--;
    }
  }
  const name = args.shift();
  if (name === '--version' || name === '-v' || name === 'version') {
    ctx.stdout(`${version()}\n`);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    ctx.stdout(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) return usageError(ctx, `unknown command "${name}"`);
  const mod = await command.load();
  try {
    return await mod.run(args, ctx);
  } catch (e) {
    const { isStackError } = await import('../core/errors.js');
    if (isStackError(e)) {
      ctx.stderr(`grafana-stack ${name}: ${e.message}\n`);
      return e.exitCode;
    }
    throw e;
  }
}

function usageError(ctx: CommandContext, message: string): number {
  ctx.stderr(`grafana-stack: ${message}\n\n${help()}`);
  return 2;
}

export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function help(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'Usage: grafana-stack [--config FILE] [--set path=value]... <command> [options]',
    '',
    'Commands:',
    ...Object.entries(COMMANDS).filter(([, c]) => !c.hidden).map(([n, c]) => `  ${n.padEnd(width)}  ${c.summary}`),
    '',
    'Without --config, the first grafana-stack.config.{ts,mts,js,mjs,yaml,yml,json} in the',
    'working directory is used; with none, the default stack (Grafana, Prometheus, Loki, Tempo).',
    '',
  ].join('\n');
}
