import { versionLdflags, type ArtifactSpec } from '../artifact-spec.js';

export const lokiArtifact: ArtifactSpec = {
  binaries: ['loki'],
  source: (version) => ({
    module: 'github.com/grafana/loki/v3',
    version: `v${version}`,
    packages: { loki: './cmd/loki' },
    ldflags: versionLdflags('github.com/grafana/loki/v3/pkg/util/build', version),
  }),
};
