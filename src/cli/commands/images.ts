import { resolve } from 'node:path';
import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { loadStack } from '../load-stack.js';
import { downloadProgress } from '../progress.js';
import { buildStackImages } from '../../images/stack-images.js';
import { mb } from '../../images/build.js';
import { loadImages } from '../../images/docker.js';
import { stateImagesDir } from '../../images/image-sources.js';
import { pushImages } from '../../images/push.js';
import { buildStack } from '../../plan/build.js';

export const spec = {
  usage: 'images [C...] [--out DIR] [--load] [--push REGISTRY]',
  options: {
    out: { type: 'string', short: 'o', value: 'DIR', complete: 'dir', description: 'where the image archives go (default .grafana-stack/images)' },
    load: { type: 'boolean', description: 'load the images into Docker (only those it lacks)' },
    push: {
      type: 'string',
      value: 'REGISTRY',
      description: 'push them to REGISTRY[/path] (docker/podman login credentials); render kubernetes|helm with `images: built` then references them by digest',
    },
  },
  positionals: [{ name: 'C', description: 'components to build (default: every enabled one)', complete: 'component', variadic: true }],
} as const satisfies CommandSpec;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('images', args, spec);
  const { stack, projectDir } = await loadStack(ctx);
  const outDir = values.out ? resolve(ctx.cwd, values.out) : stateImagesDir(projectDir);
  const log = (l: string) => ctx.stderr(`${l}\n`);
  const images = await buildStackImages({
    build: buildStack(stack),
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
  if (values.push) {
    const pushed = await pushImages(images, { archiveDir: outDir, stateImagesDir: stateImagesDir(projectDir), registry: values.push, env: ctx.env, log });
    for (const p of pushed) ctx.stdout(`pushed ${p.repository}:${p.tag}@${p.digest}\n`);
    if (stack.images !== 'built') ctx.stdout('the definition runs the official images: set `images: built` to deploy these\n');
  }
  return 0;
}
