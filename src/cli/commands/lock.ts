import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { loadStack } from '../load-stack.js';
import { readLock, writeLock } from '../../artifacts/lockfile.js';
import { lockStack } from '../../artifacts/artifacts.js';

export const spec = {
  usage: 'lock [--update] [--all] [--mirror URL] [--no-releases]',
  options: {
    all: { type: 'boolean', default: false, description: 'pin every component, also those the stack disables (at their default version)' },
    update: { type: 'boolean', default: false, description: 're-pin every component, also those whose version did not change' },
    mirror: { type: 'string', value: 'URL', description: 'read release checksums from this mirror (also GRAFANA_STACK_MIRROR)' },
    // Offline or in a hurry: pin the Go module builds only.
    'no-releases': { type: 'boolean', default: false, description: 'pin Go module builds only, no release archives' },
  },
} as const satisfies CommandSpec;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('lock', args, spec);
  const { stack, projectDir } = await loadStack(ctx);
  const existing = await readLock(projectDir);
  const mirror = values.mirror ?? ctx.env.GRAFANA_STACK_MIRROR;
  const lock = await lockStack(stack, existing, {
    update: values.update,
    all: values.all,
    releases: !values['no-releases'],
    ...(mirror ? { mirror } : {}),
    log: (l) => ctx.stderr(`${l}\n`),
  });
  const file = await writeLock(projectDir, lock);
  const pins = { ...lock.components, ...lock.addons };
  ctx.stdout(`wrote ${file}: ${Object.entries(pins).map(([n, c]) => `${n} ${c.version}${c.release ? ` (releases: ${Object.keys(c.release).join(', ')})` : ''}`).join(', ')}\n`);
  return 0;
}
