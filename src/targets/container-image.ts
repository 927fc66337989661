import { StackError } from '../core/errors.js';
import type { ServicePlan } from '../model/service-plan.js';

/**
 * The image a container target runs a service from, with what it implies for the
 * container: the program's path inside it, where its artifact lives, environment the
 * image sets that must be neutralised. Computed outside the targets (from the definition,
 * the lock's digests and the pushes the project made) and handed to them, so targets
 * stay free of registries and lock files.
 */
export interface ContainerImage {
  /** `official`: the vendor's image; `built`: the project's own (`grafana-stack images`). */
  readonly kind: 'official' | 'built';
  /** Repository without tag or digest (`docker.io/grafana/grafana`), as Helm values hold it. */
  readonly repository: string;
  readonly tag: string;
  /** `sha256:...` when pinned (the lock's digest, or the one a push stored). */
  readonly digest?: string;
  /** The component's binary inside the image: what the container runs. */
  readonly command: string;
  /** Where the component's artifact is inside the image (`ref.artifactDir()`). */
  readonly artifactDir: string;
  /** Variables the container sets before the service's own (an empty one neutralises the image's). */
  readonly env: Readonly<Record<string, string>>;
  /** Whether the services' addons (Grafana plugins) are layers of this image. */
  readonly addons: boolean;
  /** Whether the image carries the static probe (`CONTAINER.probe`); otherwise Compose mounts it. */
  readonly probe: boolean;
  /** Why no cluster could pull it (a built image that was never pushed): Kubernetes refuses it. */
  readonly unpullable?: string;
}

/** The image of each service. */
export type ContainerImages = (plan: ServicePlan) => ContainerImage;

/** `repository:tag@digest`, or `repository:tag` when no digest is pinned. */
export function imageReference(image: Pick<ContainerImage, 'repository' | 'tag' | 'digest'>): string {
  return `${image.repository}:${image.tag}${image.digest ? `@${image.digest}` : ''}`;
}

/**
 * An image a cluster cannot pull is an error on the Kubernetes targets, naming every such
 * service and the two ways out.
 */
export class UnpullableImageError extends StackError {
  readonly unpullable = true;
  constructor(target: string, problems: readonly { path: string; message: string }[]) {
    super(
      `${target}: no cluster could pull these images. Push them (\`grafana-stack images --push REGISTRY\`, then render again) or use the official images (\`images: official\` in the definition)`,
      problems,
      2,
    );
  }
}

/** Throws {@link UnpullableImageError} when any service's image is unpullable. */
export function refuseUnpullable(plans: readonly ServicePlan[], images: ContainerImages, target: string): void {
  const problems = plans.flatMap((p) => {
    const why = images(p).unpullable;
    return why ? [{ path: p.name, message: why }] : [];
  });
  if (problems.length) throw new UnpullableImageError(target, problems);
}
