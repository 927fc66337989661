import { StackError } from '../core/errors.js';
import { CONTAINER } from '../model/container.js';
import type { RefResolver } from '../model/refs.js';
import type { ServicePlan } from '../model/service-plan.js';
import type { ContainerImage } from './container-image.js';
import { portOf } from './plan-files.js';
import { containerHostPath, plannedIn } from './placement.js';

/**
 * References resolved inside a container (paths from `plan/container.ts`: the same for the
 * official images and the project's own, except where the artifact is), for every
 * container target. Only how one service names another differs between them (`loki` in
 * Compose, `loki.<namespace>.svc` in Kubernetes).
 */
export function containerResolver(plans: readonly ServicePlan[], plan: ServicePlan, image: ContainerImage, host: (service: string) => string, namespace?: string): RefResolver {
  return {
    endpoint: (service, port) => `${host(service)}:${portOf(plans, service, port)}`,
    url: (service, port, path) => `http://${host(service)}:${portOf(plans, service, port)}${path}`,
    // Inside its container a service listens on every interface; publishing decides who reaches it.
    bindHost: () => '0.0.0.0',
    configFile: (path) => (path ? `${CONTAINER.configDir(plan.name)}/${path}` : CONTAINER.configDir(plan.name)),
    dataDir: (volume, path) => [CONTAINER.dataDir(plan.name, volume), path].filter(Boolean).join('/'),
    secretFile: (secret) => {
      if (!plan.secrets.some((s) => s.name === secret)) throw new Error(`service ${plan.name} has no secret "${secret}"`);
      return CONTAINER.secretFile(plan.name, secret);
    },
    artifactDir: () => image.artifactDir,
    addonDir: (addon) => {
      if (!image.addons) {
        throw new StackError(
          `${plan.name}: the addon ${addon} (a pinned Grafana plugin) is a layer of the project's own image, and the official image ${image.repository} has no such layer: set \`images: built\` to run the plugins, or leave them out`,
        );
      }
      return CONTAINER.addonDir(addon);
    },
    hostPath: containerHostPath,
    planned: plannedIn(plans),
    namespace: () => {
      if (namespace === undefined) throw new Error(`service ${plan.name} asks for its Kubernetes namespace, but this target has none`);
      return namespace;
    },
  };
}
