import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { loadStack } from '../load-stack.js';
import { readLock, writeLock } from '../../artifacts/lockfile.js';
import { lockStack } from '../../artifacts/lock-stack.js';
import { buildStack } from '../../plan/build.js';
import { mirrorSetting } from '../../artifacts/transport.js';
import { pinImages } from '../../artifacts/image-pins.js';

export const spec = {
  usage: 'lock [--update] [--all] [--source] [--mirror DIR|URL]',
  options: {
    all: { type: 'boolean', default: false, description: 'pin every component, also those the stack disables (at their default version)' },
    update: { type: 'boolean', default: false, description: 're-pin every component, also those whose version did not change' },
    source: { type: 'boolean', default: false, description: 'also pin the Go module builds of the permissively licensed components (needs Go)' },
    mirror: { type: 'string', value: 'DIR|URL', complete: 'dir', description: 'read upstream checksums from a mirror laid out as <mirror>/<host>/<path> (also GRAFANA_STACK_MIRROR)' },
  },
  notes: ['Release archives are pinned for linux and darwin on amd64 and arm64 from the checksums upstream publishes; Go is needed only with --source.'],
} as const satisfies CommandSpec;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('lock', args, spec);
  const { stack, projectDir } = await loadStack(ctx, { checkQueries: false });
  const existing = await readLock(projectDir);
  const mirror = mirrorSetting(values.mirror, ctx.env, ctx.cwd);
  const lock = await lockStack(buildStack(stack), existing, {
    update: values.update,
    all: values.all,
    source: values.source,
    ...(mirror ? { mirror } : {}),
    log: (l) => ctx.stderr(`${l}\n`),
  });
  const images = await pinImages(stack, existing?.images, {
    update: values.update,
    all: values.all,
    ...(stack.kubernetes.registry ? { mirror: stack.kubernetes.registry } : {}),
    env: ctx.env,
    log: (l) => ctx.stderr(`${l}\n`),
  });
  const file = await writeLock(projectDir, { ...lock, ...(Object.keys(images).length ? { images } : {}) });
  ctx.stdout(`wrote ${file}\n`);
  for (const [name, c] of Object.entries({ ...lock.components, ...lock.addons })) {
    const how = [c.release ? `release ${Object.keys(c.release).join(' ')}` : '', c.source ? `source ${c.source.module}@${c.source.version}` : ''].filter(Boolean);
    ctx.stdout(`  ${name} ${c.version}: ${how.join('; ') || 'not pinned (your own binary, or no release published)'}\n`);
  }
  if (Object.keys(images).length) ctx.stdout(`official images pinned by digest: ${Object.keys(images).join(', ')}\n`);
  return 0;
}
