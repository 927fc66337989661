import { isRelease, osArch, versionLdflags, type ArtifactSpec } from '../artifact-spec.js';

export const nodeExporterArtifact: ArtifactSpec = {
  binaries: ['node_exporter'],
  // Main package at the module root; cgo only matters for BSD/darwin collectors.
  source: (version) => ({
    module: 'github.com/prometheus/node_exporter',
    version: `v${version}`,
    packages: { node_exporter: '.' },
    ldflags: versionLdflags('github.com/prometheus/common/version', version),
    tags: ['netgo'],
  }),
  // promu archives node_exporter-<v>.<os>-<arch>.tar.gz with a top directory, listed in sha256sums.txt.
  release: (version) => {
    if (!isRelease(version)) return undefined;
    const base = `https://github.com/prometheus/node_exporter/releases/download/v${version}`;
    return {
      checksums: `${base}/sha256sums.txt`,
      archive: (platform) => {
        const { os, arch } = osArch(platform);
        const dir = `node_exporter-${version}.${os}-${arch}`;
        return { url: `${base}/${dir}.tar.gz`, binaries: { node_exporter: `${dir}/node_exporter` } };
      },
    };
  },
};
