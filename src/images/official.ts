import { COMPONENT_LIST, componentDefinition } from '../components/registry.js';
import type { OfficialImage } from '../components/artifact-spec.js';

export type { OfficialImage };

/**
 * Official images by component name: each component's folder declares its own (its
 * artifact's `image`; the facts and their sources are there).
 */
export const OFFICIAL_IMAGES: Readonly<Record<string, OfficialImage>> = Object.fromEntries(
  COMPONENT_LIST.flatMap((c) => (c.artifact?.image ? [[c.name, c.artifact.image]] : [])),
);

/** The official image of a component, or an error naming the components that have one. */
export function officialImage(component: string): OfficialImage {
  const image = componentDefinition(component)?.artifact?.image;
  if (!image) throw new Error(`no official image is known for component "${component}" (known: ${Object.keys(OFFICIAL_IMAGES).join(', ')})`);
  return image;
}
