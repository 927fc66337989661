import { promuRelease, versionLdflags, type ArtifactSpec } from '../artifact-spec.js';

export const nodeExporterArtifact: ArtifactSpec = {
  licence: 'Apache-2.0',
  binaries: ['node_exporter'],
  // Main package at the module root; cgo only matters for BSD/darwin collectors.
  source: (version) => ({
    module: 'github.com/prometheus/node_exporter',
    version: `v${version}`,
    packages: { node_exporter: '.' },
    ldflags: versionLdflags('github.com/prometheus/common/version', version),
    tags: ['netgo'],
  }),
  release: promuRelease('prometheus/node_exporter', 'node_exporter', ['node_exporter']),
  image: { repository: 'docker.io/prom/node-exporter', tag: (v) => `v${v}`, binary: '/bin/node_exporter', facts: 'busybox (shell), user nobody (65534), entrypoint /bin/node_exporter' },
};
