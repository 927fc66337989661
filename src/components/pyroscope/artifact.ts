import type { ArtifactSpec } from '../artifact-spec.js';

/** Pyroscope is AGPL-3.0-only: users get its official release archive (or their own binary), never a source build. */
export const pyroscopeArtifact: ArtifactSpec = {
  binaries: ['pyroscope', 'profilecli'],
  licence: 'AGPL-3.0-only',
};
