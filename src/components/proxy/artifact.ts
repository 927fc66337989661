import { githubRelease, isRelease, osArch, type ArtifactSpec } from '../artifact-spec.js';

/**
 * Caddy (Apache-2.0). Official archives are goreleaser's `caddy_<v>_<os>_<arch>.tar.gz`,
 * darwin spelt `mac`, with the binary at the root, listed in `caddy_<v>_checksums.txt`
 * with SHA-512 sums (caddyserver/caddy v2.11.4 `.goreleaser.yml`; the official image
 * checks them with `sha512sum -c`). The source build is `./cmd/caddy`, the standard
 * distribution; Caddy reads its version from the main module's build info, which a build
 * inside the module reports as `(devel)`, so CustomVersion stamps the real one.
 */
export const proxyArtifact: ArtifactSpec = {
  binaries: ['caddy'],
  licence: 'Apache-2.0',
  // `caddy version` prints `v2.11.9 h1:...`; there is no --version flag.
  versionProbe: { args: ['version'], pattern: /^v?(\d+\.\d+\.\d+\S*)/ },
  source: (version) => ({
    module: 'github.com/caddyserver/caddy/v2',
    version: `v${version}`,
    packages: { caddy: './cmd/caddy' },
    ldflags: [`-X github.com/caddyserver/caddy/v2.CustomVersion=v${version}`],
  }),
  release: (version) => {
    if (!isRelease(version)) return undefined;
    const base = githubRelease('caddyserver/caddy', `v${version}`);
    return {
      checksums: { list: `${base}/caddy_${version}_checksums.txt`, algorithm: 'sha512' },
      archive: (platform) => {
        const { os, arch } = osArch(platform);
        return { url: `${base}/caddy_${version}_${os === 'darwin' ? 'mac' : os}_${arch}.tar.gz`, binaries: { caddy: 'caddy' } };
      },
    };
  },
  image: { repository: 'docker.io/library/caddy', tag: (v) => v, binary: '/usr/bin/caddy', facts: 'alpine (shell), root, no entrypoint, XDG_CONFIG_HOME=/config, XDG_DATA_HOME=/data' },
};
