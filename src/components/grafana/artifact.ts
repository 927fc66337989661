import { isRelease, osArch, type ArtifactSpec } from '../artifact-spec.js';

/** Grafana is AGPL-3.0-only: users get its official release archive (or their own binary), never a source build. */
export const grafanaArtifact: ArtifactSpec = {
  binaries: ['grafana'],
  licence: 'AGPL-3.0-only',
  // dl.grafana.com tarballs with a `.sha256` file beside each. The top directory's name
  // has changed between releases (grafana-x.y.z, grafana-vx.y.z), so it is matched by `*`.
  release: (version) => {
    if (!isRelease(version)) return undefined;
    return {
      checksums: 'sidecar',
      archive: (platform) => {
        const { os, arch } = osArch(platform);
        return {
          url: `https://dl.grafana.com/oss/release/grafana-${version}.${os}-${arch}.tar.gz`,
          binaries: { grafana: '*/bin/grafana' },
          assets: { conf: '*/conf', public: '*/public' },
        };
      },
    };
  },
};
