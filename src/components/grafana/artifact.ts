import { isRelease, osArch, type ArtifactSpec } from '../artifact-spec.js';

/**
 * Grafana is AGPL-3.0-only: users get its official release archive (or their own binary),
 * never a source build. The archive's name carries a CI build id
 * (`grafana_13.2.3_36482603486_linux_amd64.tar.gz`) that cannot be derived from the version,
 * so its URL and sha256 come from grafana.com's download API, as docker-otel-lgtm's
 * `docker/download-grafana.sh` reads them. The archive holds one top directory
 * (`grafana-<v>/`: bin/, conf/, public/, ...; grafana/grafana
 * `pkg/build/daggerbuild/artifacts/package_targz.go`), which is Grafana's home path: it is
 * stored whole, but for what the server never reads.
 */
export const grafanaArtifact: ArtifactSpec = {
  binaries: ['grafana'],
  licence: 'AGPL-3.0-only',
  // `grafana --version` prints `grafana version 13.2.3`.
  // Debian/RPM packages install the home at /usr/share/grafana; Homebrew and Nix at <prefix>/share/grafana.
  home: { marker: 'conf/defaults.ini', systemDirs: ['/usr/share/grafana'] },
  versionProbe: { args: ['--version'], pattern: /\bversion\s+v?(\d+\.\d+\.\d+\S*)/i },
  release: (version) => {
    if (!isRelease(version)) return undefined;
    return {
      checksums: { api: 'grafana.com' },
      archive: (platform) => {
        const { os, arch } = osArch(platform);
        return {
          url: `https://grafana.com/api/downloads/grafana/versions/${version}/packages/${arch}/${os}`,
          binaries: { grafana: '*/bin/grafana' },
          assets: { '.': '*' },
          // bin/ is the binary above; the rest is documentation and sources of the frontend.
          exclude: ['bin', 'docs', 'npm-artifacts', 'storybook', 'packaging', 'Dockerfile'],
        };
      },
    };
  },
  image: {
    repository: 'docker.io/grafana/grafana',
    tag: (v) => v,
    binary: '/usr/share/grafana/bin/grafana',
    home: '/usr/share/grafana',
    // Set empty in the container: an empty GF_* is ignored, so grafana.ini decides.
    neutralEnv: ['GF_PATHS_CONFIG', 'GF_PATHS_DATA', 'GF_PATHS_HOME', 'GF_PATHS_LOGS', 'GF_PATHS_PLUGINS', 'GF_PATHS_PROVISIONING'],
    facts: 'alpine (shell), user 472, entrypoint /run.sh, GF_PATHS_* set in the image',
  },
};
