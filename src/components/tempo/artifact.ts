import { isRelease, osArch, type ArtifactSpec } from '../artifact-spec.js';

/** Tempo is AGPL-3.0-only: users get its official release archive (or their own binary), never a source build. */
export const tempoArtifact: ArtifactSpec = {
  binaries: ['tempo', 'tempo-cli'],
  licence: 'AGPL-3.0-only',
  // goreleaser archives (tempo_<v>_<os>_<arch>.tar.gz, binary at the top) listed in
  // SHA256SUMS; the checksum file decides which platforms exist.
  release: (version) => {
    if (!isRelease(version)) return undefined;
    const base = `https://github.com/grafana/tempo/releases/download/v${version}`;
    return {
      checksums: `${base}/SHA256SUMS`,
      archive: (platform) => {
        const { os, arch } = osArch(platform);
        return { url: `${base}/tempo_${version}_${os}_${arch}.tar.gz`, binaries: { tempo: 'tempo', 'tempo-cli': 'tempo-cli' } };
      },
    };
  },
};
