import { versionLdflags, type ArtifactSpec } from '../artifact-spec.js';

/** The version of Pyroscope's nested `api` module that was tagged with 1.21.x (2026-04-17). */
const API_VERSION = 'v1.5.0';

export const pyroscopeArtifact: ArtifactSpec = {
  // profilecli (query, upload, canary) costs ~9 s once pyroscope is built.
  binaries: ['pyroscope', 'profilecli'],
  source: (version) => ({
    module: 'github.com/grafana/pyroscope',
    version: `v${version}`,
    packages: { pyroscope: './cmd/pyroscope', profilecli: './cmd/profilecli' },
    // Upstream also sets `embedassets`, which needs the yarn-built UI (ui/dist) the module
    // zip lacks; without it the API, ingest and Grafana's datasource all work, `/` has no UI.
    tags: ['netgo'],
    ldflags: versionLdflags('github.com/grafana/pyroscope/pkg/util/build', version),
    // go.mod replaces github.com/grafana/pyroscope/api with ./api, a nested module the zip
    // does not contain. Without the replace it requires api v0.4.0 (a 2024 placeholder that
    // lacks packages the code imports) and -mod=mod would silently take api@latest instead;
    // v1.5.0 is the api tagged together with 1.21.x.
    modEdits: ['-dropreplace=github.com/grafana/pyroscope/api', `-require=github.com/grafana/pyroscope/api@${API_VERSION}`],
  }),
};
