import { resolve } from 'node:path';
import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { loadStack } from '../load-stack.js';
import { downloadProgress } from '../progress.js';
import { buildStackImages } from '../../images/stack-images.js';
import { mb } from '../../images/build.js';
import { loadImages } from '../../images/docker.js';
import { nativeStateDir } from '../../render/render.js';

export const spec = {
  usage: 'images [C...] [--out DIR] [--load]',
  options: {
    out: { type: 'string', short: 'o', value: 'DIR', complete: 'dir', description: 'where the image archives go (default .grafana-stack/images)' },
    load: { type: 'boolean', description: 'load the images into Docker (only those it lacks)' },
  },
  positionals: [{ name: 'C', description: 'components to build (default: every enabled one)', complete: 'component', variadic: true }],
} as const satisfies CommandSpec;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('images', args, spec);
  const { stack, projectDir } = await loadStack(ctx);
  const outDir = values.out ? resolve(ctx.cwd, values.out) : resolve(nativeStateDir(projectDir), 'images');
  const log = (l: string) => ctx.stderr(`${l}\n`);
  const images = await buildStackImages({
    stack,
    projectDir,
    env: ctx.env,
    outDir,
    log,
    progress: (c) => downloadProgress(ctx, c),
    ...(positionals.length ? { only: positionals } : {}),
  });
  const width = Math.max(...images.map((i) => i.ref.length));
  for (const i of images) {
    ctx.stdout(`${i.ref.padEnd(width)}  ${i.digest}  ${mb(i.size).padStart(9)}  (binary ${mb(i.binarySize)})\n`);
  }
  ctx.stdout(`wrote ${images.length} image archive${images.length === 1 ? '' : 's'} to ${outDir}\n`);
  if (values.load) await loadImages(images, outDir, log, ctx.env);
  return 0;
}
