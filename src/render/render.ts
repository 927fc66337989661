import { join } from 'node:path';
import { StackError } from '../core/errors.js';
import { unpinnedArtifactDir } from '../artifacts/native-paths.js';
import { defaultStoreDir } from '../artifacts/store.js';
import type { StackBuild } from '../model/build.js';
import type { ArtifactRef } from '../model/service-plan.js';
import { isTargetName, TARGET_NAMES, targetEntry, type TargetName } from '../targets/registry.js';
import type { OutputFile, TargetRenderOptions } from '../targets/target.js';
import { stackImages, type ImageSources } from '../images/image-refs.js';

export interface RenderOptions {
  /** Absolute output directory (native paths point into it). */
  readonly outDir: string;
  /** Project directory: the native state (`.grafana-stack/`) lives here. */
  readonly projectDir: string;
  /** Where each artifact is (the verified store entries, for `up`); the conventional store path otherwise. */
  readonly artifactDir?: (artifact: ArtifactRef) => string;
  /** The targets' own command-line options (`namespace` for kubernetes and helm, `prefix` and `etc-dir` for systemd). */
  readonly cli?: Readonly<Record<string, string | boolean | undefined>>;
  /** Label Compose containers and volumes with this project directory (`compose up`). */
  readonly composeOwner?: string;
  /** The lock's image digests and the pushes made (see images/image-sources.ts); none: images by tag. */
  readonly images?: ImageSources;
}

/** Every target `render` writes, in registry order (`all` writes each under `<target>/`). */
export const RENDERABLE: readonly TargetName[] = TARGET_NAMES;

/**
 * Where an artifact is when nothing says (a library caller without a store): the store of
 * this environment, under the name of an artifact not pinned yet. The CLI passes the paths
 * the locator resolves (artifacts/native-paths.ts); `up`, the verified entries.
 */
export function defaultArtifactDir(a: ArtifactRef): string {
  return unpinnedArtifactDir(defaultStoreDir(process.env), a);
}

/** The built stack -> files of one target (or all, each under `<target>/`). Pure: writes nothing. */
export async function renderStack(build: StackBuild, target: TargetName | 'all', opts: RenderOptions): Promise<OutputFile[]> {
  if (target !== 'all' && !isTargetName(target)) throw new StackError(`unknown target "${target}": expected one of ${[...RENDERABLE, 'all'].join(', ')}`);
  const names = target === 'all' ? RENDERABLE : [target];
  const targets = await Promise.all(names.map(async (n) => (await targetEntry(n)).load()));
  const generic = (outDir: string): TargetRenderOptions => ({
    outDir,
    projectDir: opts.projectDir,
    artifactDir: opts.artifactDir ?? defaultArtifactDir,
    images: (audience) => stackImages(build.stack, audience, opts.images),
    cli: opts.cli ?? {},
    ...(opts.composeOwner ? { composeOwner: opts.composeOwner } : {}),
  });
  if (target !== 'all') return targets[0]!.render(build, targets[0]!.options(build, generic(opts.outDir)));
  return names.flatMap((t, i) => {
    const files = targets[i]!.render(build, targets[i]!.options(build, generic(join(opts.outDir, t))));
    return files.map((f) => ({ ...f, path: `${t}/${f.path}` }));
  });
}
