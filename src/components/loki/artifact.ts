import { isRelease, type ArtifactSpec } from '../artifact-spec.js';

/** Loki is AGPL-3.0-only: users get its official release archive (or their own binary), never a source build. */
export const lokiArtifact: ArtifactSpec = {
  // logcli is for `shell`; Loki publishes it in its own archive, so the release entry lacks it.
  binaries: ['loki', 'logcli'],
  licence: 'AGPL-3.0-only',
  // Zip per platform holding one binary named after it; sha256sum file SHA256SUMS.
  release: (version) => {
    if (!isRelease(version)) return undefined;
    const base = `https://github.com/grafana/loki/releases/download/v${version}`;
    return {
      checksums: `${base}/SHA256SUMS`,
      archive: (platform) => ({ url: `${base}/loki-${platform}.zip`, binaries: { loki: `loki-${platform}` } }),
    };
  },
};
