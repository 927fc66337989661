import { isRelease, versionLdflags, type ArtifactSpec } from '../artifact-spec.js';

export const lokiArtifact: ArtifactSpec = {
  // logcli is for `shell`; Loki publishes it in its own archive, so the release entry lacks it.
  binaries: ['loki', 'logcli'],
  source: (version) => ({
    module: 'github.com/grafana/loki/v3',
    version: `v${version}`,
    packages: { loki: './cmd/loki', logcli: './cmd/logcli' },
    ldflags: versionLdflags('github.com/grafana/loki/v3/pkg/util/build', version),
  }),
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
