import { githubRelease, isRelease, osArch, type ArtifactSpec } from '../artifact-spec.js';

/**
 * Tempo is AGPL-3.0-only: users get its official release archive (or their own binary),
 * never a source build. goreleaser archives `tempo_<v>_<os>_<arch>.tar.gz` with the
 * binaries at the top (tempo, tempo-cli, tempo-query), listed in SHA256SUMS (grafana/tempo
 * v3.0.3 `.goreleaser.yml`). 3.0.x ships no darwin build; the checksum file decides.
 */
export const tempoArtifact: ArtifactSpec = {
  binaries: ['tempo', 'tempo-cli'],
  licence: 'AGPL-3.0-only',
  release: (version) => {
    if (!isRelease(version)) return undefined;
    const base = githubRelease('grafana/tempo', `v${version}`);
    return {
      checksums: { list: `${base}/SHA256SUMS`, algorithm: 'sha256' },
      archive: (platform) => {
        const { os, arch } = osArch(platform);
        return { url: `${base}/tempo_${version}_${os}_${arch}.tar.gz`, binaries: { tempo: 'tempo', 'tempo-cli': 'tempo-cli' } };
      },
    };
  },
  image: { repository: 'docker.io/grafana/tempo', tag: (v) => v, binary: '/tempo', facts: 'distroless static (no shell), user 10001, entrypoint /tempo' },
};
