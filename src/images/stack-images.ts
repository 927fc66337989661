import { ensureArtifacts, type EnsureArtifactsOptions } from '../artifacts/ensure.js';
import { currentPlatform } from '../artifacts/platform.js';
import { defaultStoreDir } from '../artifacts/store.js';
import { StackError } from '../core/errors.js';
import { ensureImageBase } from './base.js';
import { buildImages, type BuiltImage, type ImageInput } from './build.js';

export interface StackImagesOptions extends EnsureArtifactsOptions {
  readonly outDir: string;
}

/**
 * One image per enabled component of the stack (or of `only`), from the pinned artifacts:
 * fetched into the store when missing, like `up` does.
 */
export async function buildStackImages(o: StackImagesOptions): Promise<BuiltImage[]> {
  const [os, arch] = currentPlatform().split('-') as ['linux' | 'darwin', 'amd64' | 'arm64'];
  if (os !== 'linux') throw new StackError(`images hold linux binaries, and the store holds ${os} ones: build images on linux`, [], 69);
  const plans = o.build.plans;
  const enabled = [...new Set(plans.map((p) => p.component))];
  const only = o.only ?? enabled;
  const unknown = only.filter((c) => !enabled.includes(c));
  if (unknown.length) throw new StackError(`not a component of this stack: ${unknown.join(', ')} (enabled: ${enabled.join(', ')})`);
  const { lock, entries } = await ensureArtifacts({ ...o, only });
  const base = await ensureImageBase(defaultStoreDir(o.env), arch, o.log);
  const inputs: ImageInput[] = only.map((component) => {
    const own = plans.filter((p) => p.component === component);
    const addons = own.flatMap((p) => p.addons ?? []).map((a) => ({ name: a.name, entry: entries.get(a.name)! }));
    return { component, plans: own, artifact: entries.get(component)!, locked: lock.components[component]!, ...(addons.length ? { addons } : {}) };
  });
  return buildImages(inputs, { outDir: o.outDir, base, arch, log: o.log });
}
