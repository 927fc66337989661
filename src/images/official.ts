import { COMPONENT_LIST, componentDefinition } from '../components/registry.js';
import type { OfficialImage } from '../components/artifact-spec.js';
import { StackError } from '../core/errors.js';

export type { OfficialImage };

/**
 * Official images by component name: each component's folder declares its own (its
 * artifact's `image`; the facts and their sources are there).
 */
export const OFFICIAL_IMAGES: Readonly<Record<string, OfficialImage>> = Object.fromEntries(
  COMPONENT_LIST.flatMap((c) => (c.artifact?.image ? [[c.name, c.artifact.image]] : [])),
);

/**
 * The official image of a component. One without (a component added to the registry that
 * declares none) is the definition's choice to fix, not a crash: `images: built` builds its
 * image from its release artifact.
 */
export function officialImage(component: string): OfficialImage {
  const image = componentDefinition(component)?.artifact?.image;
  if (!image) {
    throw new StackError(`${component} has no official image that grafana-stack knows of (those with one: ${Object.keys(OFFICIAL_IMAGES).join(', ')})`, [
      { path: 'images', message: 'is "official": set `images: built` to build its image from its release artifact, or turn the component off' },
    ]);
  }
  return image;
}
