import { spawn } from 'node:child_process';
import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { loadStack } from '../load-stack.js';
import { StackError } from '../../core/errors.js';
import { localUrl } from '../../resolve/addresses.js';
import type { Stack } from '../../model/stack.js';
import type { ComponentCatalog } from '../stack-cache.js';
import { withRunningPorts } from '../../run/running-stack.js';

export const spec = {
  usage: 'open [COMPONENT] [--print]',
  options: {
    print: { type: 'boolean', default: false, description: 'only print the URL, never start a browser' },
  },
  positionals: [{ name: 'COMPONENT', description: 'whose web address (default grafana)', complete: 'component' }],
} as const satisfies CommandSpec;

/**
 * `open [C]`: prints the URL of Grafana (or a component's HTTP port) as this machine
 * reaches it, and hands it to the desktop's opener when there is a desktop. Without one
 * (SSH, CI, a container) printing is all it does, which is what a user there wants.
 */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('open', args, spec);
  if (positionals.length > 1) throw new StackError('open takes one component');
  const name = positionals[0] ?? 'grafana';
  const { stack, projectDir, catalog } = await loadStack(ctx, { checkQueries: false });
  const url = componentUrl(await withRunningPorts(stack, projectDir), catalog, name);
  ctx.stdout(`${url}\n`);
  const opener = values.print ? undefined : desktopOpener(ctx.env);
  if (opener) await launch(opener, url, ctx);
  return 0;
}

function componentUrl(stack: Stack, catalog: ComponentCatalog, name: string): string {
  const def = catalog[name];
  if (!def) throw new StackError(`unknown component "${name}"; components: ${Object.keys(stack.components).join(', ')}`);
  if (!stack.components[name]) throw new StackError(`${name} is not enabled in stack "${stack.name}"`);
  // The port people open: the first published HTTP port (Grafana's UI, Prometheus' UI, ...).
  const port = Object.entries(def.ports).find(([, p]) => p.protocol === 'http' && p.expose)?.[0];
  const url = port && localUrl(stack, name, port, '/');
  if (!url) throw new StackError(`${name} has no HTTP port to open`);
  return url;
}

/** The platform's URL opener, when a desktop session is there to show the page. */
export function desktopOpener(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string | undefined {
  if (env.BROWSER) return env.BROWSER;
  if (platform === 'darwin') return 'open';
  if (platform === 'win32') return 'explorer';
  return env.DISPLAY || env.WAYLAND_DISPLAY ? 'xdg-open' : undefined;
}

/** Starts the opener detached; a missing or failing one is a note, the URL is already printed. */
function launch(opener: string, url: string, ctx: CommandContext): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(opener, [url], { stdio: 'ignore', detached: true, env: ctx.env });
    child.on('error', (e) => {
      ctx.stderr(`grafana-stack open: could not start ${opener} (${e.message}); open the URL above yourself\n`);
      resolve();
    });
    child.on('spawn', () => {
      child.unref();
      resolve();
    });
  });
}
