import { githubRelease, isRelease, type ArtifactSpec } from '../artifact-spec.js';

/**
 * Loki is AGPL-3.0-only: users get its official release archive (or their own binary),
 * never a source build. Each platform is a zip holding one binary named after it
 * (`zip -j`), logcli in a zip of its own, all listed in SHA256SUMS (grafana/loki v3.7.6
 * `Makefile` target `dist`).
 */
export const lokiArtifact: ArtifactSpec = {
  binaries: ['loki', 'logcli'],
  licence: 'AGPL-3.0-only',
  release: (version) => {
    if (!isRelease(version)) return undefined;
    const base = githubRelease('grafana/loki', `v${version}`);
    return {
      checksums: { list: `${base}/SHA256SUMS`, algorithm: 'sha256' },
      archive: (platform) => ({ url: `${base}/loki-${platform}.zip`, binaries: { loki: `loki-${platform}` } }),
      tools: (platform) => [{ url: `${base}/logcli-${platform}.zip`, binaries: { logcli: `logcli-${platform}` } }],
    };
  },
  image: { repository: 'docker.io/grafana/loki', tag: (v) => v, binary: '/usr/bin/loki', facts: 'distroless static (no shell), user 10001, entrypoint /usr/bin/loki' },
};
