import { versionLdflags, type ArtifactSpec } from '../artifact-spec.js';

/** client-go of kube-state-metrics v2.20.0's go.mod, stamped like upstream's Makefile does. */
const CLIENT_GO: Readonly<Record<string, string>> = { '2.20.0': 'v0.36.3' };

export const kubeStateMetricsArtifact: ArtifactSpec = {
  licence: 'Apache-2.0',
  binaries: ['kube-state-metrics'],
  source: (version) => ({
    module: 'k8s.io/kube-state-metrics/v2',
    version: `v${version}`,
    packages: { 'kube-state-metrics': '.' },
    ldflags: [
      ...versionLdflags('github.com/prometheus/common/version', `v${version}`),
      ...(CLIENT_GO[version] ? [`-X k8s.io/kube-state-metrics/v2/pkg/app.ClientGoVersion=${CLIENT_GO[version]}`] : []),
    ],
  }),
  // Upstream publishes container images only, no binary archives.
  image: {
    repository: 'registry.k8s.io/kube-state-metrics/kube-state-metrics',
    tag: (v) => `v${v}`,
    binary: '/kube-state-metrics',
    facts: 'distroless static (no shell), user nobody (65534), entrypoint /kube-state-metrics',
  },
};
