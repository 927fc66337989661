import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { setUpShell } from '../shell-setup.js';
import type { ExportSyntax } from '../../shell/environment.js';

export const spec = {
  usage: 'env [--shell sh|fish]',
  options: {
    shell: { type: 'string', default: 'sh', value: 'SYNTAX', complete: ['sh', 'fish'], description: 'sh (bash, zsh, ...) export lines, or fish set -gx lines' },
  },
  notes: ['In bash or zsh: eval "$(grafana-stack env)". In fish: grafana-stack env --shell fish | source.'],
} as const satisfies CommandSpec;

/** `env`: the environment of `shell`, as lines a shell evaluates. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('env', args, spec);
  const { exports } = await setUpShell(ctx, { exports: values.shell as ExportSyntax });
  ctx.stdout(`${exports}\n`);
  return 0;
}
