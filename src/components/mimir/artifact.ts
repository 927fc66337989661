import { githubRelease, isRelease, type ArtifactSpec } from '../artifact-spec.js';

/**
 * Mimir is AGPL-3.0-only: users get its official release binary (or their own), never a
 * source build. Releases are tagged `mimir-<v>` and publish bare binaries
 * (`mimir-linux-amd64`, from `make dist`), each with its own `<asset>-sha-256` file
 * (grafana/mimir `.github/workflows/release-make-dist.yml`).
 */
export const mimirArtifact: ArtifactSpec = {
  binaries: ['mimir', 'mimirtool'],
  licence: 'AGPL-3.0-only',
  release: (version) => {
    if (!isRelease(version)) return undefined;
    const base = githubRelease('grafana/mimir', `mimir-${version}`);
    return {
      checksums: { sidecar: '-sha-256', algorithm: 'sha256' },
      archive: (platform) => ({ url: `${base}/mimir-${platform}`, binaries: { mimir: `mimir-${platform}` } }),
      tools: (platform) => [{ url: `${base}/mimirtool-${platform}`, binaries: { mimirtool: `mimirtool-${platform}` } }],
    };
  },
  image: { repository: 'docker.io/grafana/mimir', tag: (v) => v, binary: '/bin/mimir', facts: 'distroless static (no shell), root (no USER line), entrypoint /bin/mimir' },
};
