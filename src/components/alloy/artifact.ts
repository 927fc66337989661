import type { ArtifactSpec } from '../artifact-spec.js';

/**
 * Alloy is Apache-2.0, but its Go module requires Loki's AGPL module, so this project
 * never builds it: users get its official release archive (or their own binary).
 */
export const alloyArtifact: ArtifactSpec = {
  binaries: ['alloy'],
  licence: 'Apache-2.0 (its Go module requires AGPL-3.0-only Loki)',
};
