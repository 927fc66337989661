import { githubRelease, isRelease, osArch, type ArtifactSpec } from '../artifact-spec.js';

/**
 * Pyroscope is AGPL-3.0-only: users get its official release archive (or their own
 * binary), never a source build. goreleaser archives `pyroscope_<v>_<os>_<arch>.tar.gz`
 * with the binary at the root, profilecli in its own archive, listed in checksums.txt
 * (grafana/pyroscope v2.2.1 `.goreleaser.yaml`).
 */
export const pyroscopeArtifact: ArtifactSpec = {
  binaries: ['pyroscope', 'profilecli'],
  licence: 'AGPL-3.0-only',
  release: (version) => {
    if (!isRelease(version)) return undefined;
    const base = githubRelease('grafana/pyroscope', `v${version}`);
    return {
      checksums: { list: `${base}/checksums.txt`, algorithm: 'sha256' },
      archive: (platform) => {
        const { os, arch } = osArch(platform);
        return { url: `${base}/pyroscope_${version}_${os}_${arch}.tar.gz`, binaries: { pyroscope: 'pyroscope' } };
      },
      tools: (platform) => {
        const { os, arch } = osArch(platform);
        return [{ url: `${base}/profilecli_${version}_${os}_${arch}.tar.gz`, binaries: { profilecli: 'profilecli' } }];
      },
    };
  },
  image: { repository: 'docker.io/grafana/pyroscope', tag: (v) => v, binary: '/usr/bin/pyroscope', facts: 'distroless static (no shell), user 10001, entrypoint /usr/bin/pyroscope' },
};
