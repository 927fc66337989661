import { join, resolve } from 'node:path';
import { StackError } from '../core/errors.js';
import { unpinnedArtifactDir } from '../artifacts/native-paths.js';
import { defaultStoreDir } from '../artifacts/store.js';
import { planStack, startOrder } from '../plan/plan.js';
import type { ArtifactRef } from '../plan/service-plan.js';
import type { Stack } from '../resolve/stack.js';
import { defaultIngressService } from '../config/kubernetes-schema.js';
import { DEFAULT_SYSTEMD_OPTIONS, type SystemdOptions } from '../targets/systemd/index.js';
import { TARGETS, type TargetName } from '../targets/registry.js';
import type { KubernetesOptions } from '../targets/kubernetes/index.js';
import type { OutputFile } from '../targets/target.js';
import { stackImages, type ImageSources } from '../images/image-refs.js';

export interface RenderOptions {
  /** Absolute output directory (native paths point into it). */
  readonly outDir: string;
  /** Project directory: the native state (`.grafana-stack/`) lives here. */
  readonly projectDir: string;
  readonly systemd?: Partial<SystemdOptions>;
  /** Where each artifact is (the verified store entries, for `up`); the conventional store path otherwise. */
  readonly artifactDir?: (artifact: ArtifactRef) => string;
  /** The command line's Kubernetes parameters (a namespace), over the definition's. */
  readonly kubernetes?: Partial<KubernetesOptions>;
  /** Label Compose containers and volumes with this project directory (`compose up`). */
  readonly composeOwner?: string;
  /** The lock's image digests and the pushes made (see images/image-sources.ts); none: images by tag. */
  readonly images?: ImageSources;
}

export const RENDERABLE = Object.keys(TARGETS) as TargetName[];

/**
 * Where an artifact is when nothing says (a library caller without a store): the store of
 * this environment, under the name of an artifact not pinned yet. The CLI passes the paths
 * the locator resolves (artifacts/native-paths.ts); `up`, the verified entries.
 */
export function defaultArtifactDir(a: ArtifactRef): string {
  return unpinnedArtifactDir(defaultStoreDir(process.env), a);
}

/** Stack -> files of one target (or all, each under `<target>/`). Pure: writes nothing. */
export function renderStack(stack: Stack, target: TargetName | 'all', opts: RenderOptions): OutputFile[] {
  const plans = startOrder(planStack(stack));
  const ctx = { stackName: stack.name, bindAddress: stack.bindAddress };
  const one = (name: TargetName, dir: string): OutputFile[] => {
    switch (name) {
      case 'native':
        return TARGETS.native.render(plans, ctx, {
          configDir: dir,
          stateDir: nativeStateDir(opts.projectDir),
          artifactDir: opts.artifactDir ?? defaultArtifactDir,
        });
      case 'systemd':
        return TARGETS.systemd.render(plans, ctx, { ...DEFAULT_SYSTEMD_OPTIONS, ...opts.systemd });
      case 'compose':
        return TARGETS.compose.render(plans, ctx, { images: stackImages(stack, 'compose', opts.images), ...(opts.composeOwner ? { owner: opts.composeOwner } : {}) });
      case 'kubernetes':
        return TARGETS.kubernetes.render(plans, ctx, kubernetesOptions(stack, opts.kubernetes, opts.images));
      case 'helm':
        return TARGETS.helm.render(plans, ctx, {
          ...kubernetesOptions(stack, opts.kubernetes, opts.images),
          // The chart offers an Ingress (for the proxy, else Grafana) even when the definition has none.
          ...(stack.components[defaultIngressService(stack.components)] ? { ingressDefault: { service: defaultIngressService(stack.components), port: 'http' } } : {}),
        });
    }
  };
  if (target !== 'all') {
    if (!(target in TARGETS)) throw new StackError(`unknown target "${target}": expected one of ${[...RENDERABLE, 'all'].join(', ')}`);
    return one(target, opts.outDir);
  }
  return RENDERABLE.flatMap((t) => one(t, join(opts.outDir, t)).map((f) => ({ ...f, path: `${t}/${f.path}` })));
}

/** The stack's Kubernetes parameters, with the command line's (a namespace) over them, and the images a cluster pulls. */
export function kubernetesOptions(stack: Stack, cli: Partial<KubernetesOptions> = {}, images?: ImageSources): KubernetesOptions {
  const k = stack.kubernetes;
  return {
    images: stackImages(stack, 'cluster', images),
    ...(k.namespace ? { namespace: k.namespace } : {}),
    ...(k.storageClass ? { storageClass: k.storageClass } : {}),
    storage: k.storage,
    nodeSelector: k.nodeSelector,
    tolerations: k.tolerations,
    ...(k.ingress ? { ingress: k.ingress } : {}),
    imagePullPolicy: k.imagePullPolicy,
    ...cli,
  };
}

export function nativeStateDir(projectDir: string): string {
  return resolve(projectDir, '.grafana-stack');
}
