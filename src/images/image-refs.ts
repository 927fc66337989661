import { posix } from 'node:path';
import { CONTAINER, LOCAL_IMAGE_REPOSITORY } from '../model/container.js';
import type { ServicePlan } from '../model/service-plan.js';
import type { Stack } from '../model/stack.js';
import type { ContainerImage, ContainerImages } from '../targets/container-image.js';
import type { ImageAudience } from '../targets/target.js';
import { officialImage } from './official.js';

/** A digest the lock pins for a component's official image (the lock's `images` key). */
export interface ImagePin {
  /** Upstream repository (`docker.io/grafana/grafana`), whatever mirror it was read from. */
  readonly ref: string;
  readonly tag: string;
  readonly digest: string;
}

/** One of the project's own images, as `images --push` left it in a registry. */
export interface PushedImage {
  /** `127.0.0.1:5000/prometheus`. */
  readonly repository: string;
  readonly tag: string;
  readonly digest: string;
  /** The component's version the image holds. */
  readonly version: string;
}

/** What decides the references beyond the definition: the lock's digests and the pushes made. */
export interface ImageSources {
  readonly pins?: Readonly<Record<string, ImagePin>>;
  readonly pushed?: Readonly<Record<string, PushedImage>>;
}

export type { ImageAudience };

/**
 * The image of every service for a target, following the definition's `images` choice.
 * Official: the vendor's repository (under `kubernetes.registry` for a cluster, taken as a
 * mirror of the upstream paths) at the version's tag, with the lock's digest. Built, for
 * Compose: the local name `images --load` gives them. Built, for a cluster: the push
 * `images --push` recorded (by digest), else `kubernetes.registry` (by tag), else nothing
 * a cluster could pull, which the Kubernetes targets refuse.
 */
export function stackImages(stack: Stack, audience: ImageAudience, sources: ImageSources = {}): ContainerImages {
  const mirror = audience === 'cluster' ? stack.kubernetes.registry : undefined;
  return (plan) => (stack.images === 'built' ? builtImage(plan, audience, sources, mirror) : official(plan, sources, mirror));
}

function official(plan: ServicePlan, sources: ImageSources, mirror: string | undefined): ContainerImage {
  const o = officialImage(plan.artifact.component);
  const tag = o.tag(plan.artifact.version);
  const pin = sources.pins?.[plan.artifact.component];
  const digest = pin && pin.ref === o.repository && pin.tag === tag ? pin.digest : undefined;
  return {
    kind: 'official',
    repository: mirror ? `${mirror.replace(/\/+$/, '')}/${upstreamPath(o.repository)}` : o.repository,
    tag,
    ...(digest ? { digest } : {}),
    command: o.binary,
    artifactDir: o.home ?? posix.dirname(o.binary),
    env: Object.fromEntries((o.neutralEnv ?? []).map((n) => [n, ''])),
    addons: false,
    probe: false,
  };
}

function builtImage(plan: ServicePlan, audience: ImageAudience, sources: ImageSources, registry: string | undefined): ContainerImage {
  const { component, version, binary } = plan.artifact;
  const dir = CONTAINER.artifactDir(component);
  const common = { kind: 'built' as const, tag: version, command: `${dir}/${binary}`, artifactDir: dir, env: {}, addons: true, probe: true };
  if (audience === 'compose') return { ...common, repository: `${LOCAL_IMAGE_REPOSITORY}/${component}` };
  const pushed = sources.pushed?.[component];
  if (pushed && pushed.version === version) return { ...common, repository: pushed.repository, tag: pushed.tag, digest: pushed.digest };
  if (registry) return { ...common, repository: `${registry.replace(/\/+$/, '')}/${component}` };
  const stale = pushed ? ` (the image pushed to ${pushed.repository} holds ${pushed.version})` : '';
  return {
    ...common,
    repository: `${LOCAL_IMAGE_REPOSITORY}/${component}`,
    unpullable: `${LOCAL_IMAGE_REPOSITORY}/${component}:${version} exists only on the machine that built it${stale}`,
  };
}

/** `docker.io/grafana/grafana` -> `grafana/grafana`: the path a mirror keeps. */
export function upstreamPath(repository: string): string {
  return repository.slice(repository.indexOf('/') + 1);
}

/**
 * What a render should tell about its images: those referenced by tag only (no digest in
 * the lock, or built images never pushed from here), each with what pins it.
 */
export function imageNotes(plans: readonly ServicePlan[], images: ContainerImages): string[] {
  // Local names (Compose's loaded images) are what they should be; unpullable ones are refused elsewhere.
  const tagOnly = (kind: ContainerImage['kind']) =>
    [...new Set(plans.filter((p) => { const i = images(p); return i.kind === kind && !i.digest && !i.unpullable && !i.repository.startsWith(`${LOCAL_IMAGE_REPOSITORY}/`); }).map((p) => p.artifact.component))];
  const official = tagOnly('official');
  const built = tagOnly('built');
  return [
    ...(official.length ? [`official images by tag only, the lock pins no digest for ${official.join(', ')}: run \`grafana-stack lock\` where their registries answer`] : []),
    ...(built.length ? [`built images by tag only, no push recorded for ${built.join(', ')}: \`grafana-stack images --push REGISTRY\` pins them by digest`] : []),
  ];
}
