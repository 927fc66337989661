import { githubRelease, isRelease, type ArtifactSpec } from '../artifact-spec.js';

/**
 * Alloy is Apache-2.0, but its Go module requires Loki's AGPL module, so this project never
 * builds it: users get its official release archive (or their own binary). Each platform is
 * a zip holding one binary named after it, listed in SHA256SUMS (grafana/alloy
 * `scripts/publish-release-artifacts.sh`).
 */
export const alloyArtifact: ArtifactSpec = {
  binaries: ['alloy'],
  licence: 'Apache-2.0 (its Go module requires AGPL-3.0-only Loki)',
  release: (version) => {
    if (!isRelease(version)) return undefined;
    const base = githubRelease('grafana/alloy', `v${version}`);
    return {
      checksums: { list: `${base}/SHA256SUMS`, algorithm: 'sha256' },
      archive: (platform) => ({ url: `${base}/alloy-${platform}.zip`, binaries: { alloy: `alloy-${platform}` } }),
    };
  },
  image: { repository: 'docker.io/grafana/alloy', tag: (v) => `v${v}`, binary: '/bin/alloy', facts: 'ubuntu (shell), root, entrypoint /bin/alloy' },
};
