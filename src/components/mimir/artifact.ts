import type { ArtifactSpec } from '../artifact-spec.js';

/** Mimir is AGPL-3.0-only: users get its official release binary (or their own), never a source build. */
export const mimirArtifact: ArtifactSpec = {
  binaries: ['mimir', 'mimirtool'],
  licence: 'AGPL-3.0-only',
};
