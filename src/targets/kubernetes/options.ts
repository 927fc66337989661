import { StackError } from '../../core/errors.js';
import type { Stack } from '../../model/stack.js';
import { checkNamespaceOption } from '../../schema/kubernetes-names.js';
import type { TargetRenderOptions } from '../target.js';
import type { KubernetesOptions } from './index.js';

/** The stack's Kubernetes parameters, with the command line's namespace over the definition's, and the images a cluster pulls. */
export function kubernetesOptions(stack: Stack, r: Pick<TargetRenderOptions, 'images' | 'cli'>): KubernetesOptions {
  const k = stack.kubernetes;
  const given = r.cli.namespace;
  if (typeof given === 'string') {
    const bad = checkNamespaceOption(given);
    if (bad) throw new StackError(bad);
  }
  const namespace = typeof given === 'string' ? given : k.namespace;
  return {
    images: r.images('cluster'),
    ...(namespace ? { namespace } : {}),
    ...(k.storageClass ? { storageClass: k.storageClass } : {}),
    storage: k.storage,
    nodeSelector: k.nodeSelector,
    tolerations: k.tolerations,
    ...(k.ingress ? { ingress: k.ingress } : {}),
    imagePullPolicy: k.imagePullPolicy,
  };
}
