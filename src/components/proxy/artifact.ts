import type { ArtifactSpec } from '../artifact-spec.js';

/**
 * Caddy, built from its Go module (`./cmd/caddy` is the standard distribution: reverse_proxy,
 * static responses, access logs). Caddy reads its version from the main module's build info,
 * which a build inside the module reports as `(devel)`; CustomVersion stamps the real one.
 */
export const proxyArtifact: ArtifactSpec = {
  licence: 'Apache-2.0',
  binaries: ['caddy'],
  source: (version) => ({
    module: 'github.com/caddyserver/caddy/v2',
    version: `v${version}`,
    packages: { caddy: './cmd/caddy' },
    ldflags: [`-X github.com/caddyserver/caddy/v2.CustomVersion=v${version}`],
  }),
  // No release entry: Caddy publishes sha512 checksums only (caddy_<v>_checksums.txt) and
  // `lock` pins the sha256 upstream publishes, never one it computes; the source build is pinned.
};
