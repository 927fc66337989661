import { StackError } from '../../core/errors.js';
import { promuRelease, versionLdflags, type ArtifactSpec } from '../artifact-spec.js';

/** Prometheus 3.x.y is published as Go module version v0.3xx.y. */
export const prometheusArtifact: ArtifactSpec = {
  licence: 'Apache-2.0',
  binaries: ['prometheus', 'promtool'],
  source: (version) => {
    const [major, minor, patch] = version.split('.').map(Number) as [number, number, number];
    if (major !== 3) throw new StackError(`only Prometheus 3.x maps to a Go module version (got ${version}): fetch its release archive instead`, [], 3);
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
  image: { repository: 'docker.io/prom/prometheus', tag: (v) => `v${v}`, binary: '/bin/prometheus', facts: 'busybox (shell), user nobody (65534), entrypoint /bin/prometheus' },
};
