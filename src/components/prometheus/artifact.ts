import { promuRelease, versionLdflags, type ArtifactSpec } from '../artifact-spec.js';

/** Prometheus 3.x.y is published as Go module version v0.3xx.y. */
export const prometheusArtifact: ArtifactSpec = {
  binaries: ['prometheus', 'promtool'],
  source: (version) => {
    const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];
    if (major !== 3) return { unavailable: `only Prometheus 3.x maps to a Go module version (got ${version})` };
    return {
      module: 'github.com/prometheus/prometheus',
      version: `v0.${major * 100 + minor}.${patch}`,
      packages: { prometheus: './cmd/prometheus', promtool: './cmd/promtool' },
      ldflags: versionLdflags('github.com/prometheus/common/version', version),
      // Pure-Go DNS resolver, as in the official builds (no libc dependency).
      tags: ['netgo'],
    };
  },
  release: promuRelease('prometheus/prometheus', 'prometheus', ['prometheus', 'promtool']),
};
