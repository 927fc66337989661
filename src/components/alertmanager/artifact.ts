import { promuRelease, versionLdflags, type ArtifactSpec } from '../artifact-spec.js';

// `ui/web.go` embeds ui/app/dist, which the module zip leaves out (the Elm UI is built by
// upstream's Makefile, and its compiler downloads from GitHub). The handler serves only
// pre-compressed index.html.{br,gz}: these two make `GET /` answer instead of 404. The API
// (/api/v2: amtool, Grafana, Prometheus) is complete without the UI.
const PLACEHOLDER =
  '<!doctype html><title>Alertmanager</title><p>This Alertmanager was built from its Go module without the web UI. ' +
  'The API at /api/v2 is complete: use Grafana (Alerting, Alertmanager datasource) or amtool.</p>\n';

export const alertmanagerArtifact: ArtifactSpec = {
  licence: 'Apache-2.0',
  binaries: ['alertmanager', 'amtool'],
  source: (version) => ({
    module: 'github.com/prometheus/alertmanager',
    version: `v${version}`,
    packages: { alertmanager: './cmd/alertmanager', amtool: './cmd/amtool' },
    ldflags: versionLdflags('github.com/prometheus/common/version', version),
    tags: ['netgo'],
    files: [
      { path: 'ui/app/dist/index.html.gz', text: PLACEHOLDER, compress: 'gzip' },
      { path: 'ui/app/dist/index.html.br', text: PLACEHOLDER, compress: 'br' },
    ],
  }),
  release: promuRelease('prometheus/alertmanager', 'alertmanager', ['alertmanager', 'amtool']),
  image: { repository: 'docker.io/prom/alertmanager', tag: (v) => `v${v}`, binary: '/bin/alertmanager', facts: 'busybox (shell), user nobody (65534), entrypoint /bin/alertmanager' },
};
