import { versionLdflags, type ArtifactSpec } from '../artifact-spec.js';

/**
 * Alloy's release binary is built from the nested module ./collector, which is neither in
 * the module zip nor served by the proxy. The root module exports the same entry point
 * (flowcmd.RootCommand: run, validate, fmt, convert, tools), so a six-line main inside the
 * module copy builds the default-engine Alloy (without the experimental `otel` and
 * `supervisor` subcommands that only the collector module has).
 */
const MAIN_GO = `// Written by grafana-stack: the upstream main lives in the nested ./collector module,
// which the module zip does not contain.
package main

import (
	"log"

	"github.com/grafana/alloy/flowcmd"
)

func main() {
	if err := flowcmd.RootCommand().Execute(); err != nil {
		log.Fatal(err)
	}
}
`;

export const alloyArtifact: ArtifactSpec = {
  binaries: ['alloy'],
  source: (version) => ({
    module: 'github.com/grafana/alloy',
    version: `v${version}`,
    packages: { alloy: './cmd/alloy' },
    ldflags: [
      ...versionLdflags('github.com/grafana/alloy/internal/build', `v${version}`),
      // What a config sees as constants.version.
      `-X github.com/grafana/alloy/syntax/internal/stdlib.Version=v${version}`,
    ],
    // Upstream's tags minus embedalloyui (the UI's npm dependencies are not obtainable here,
    // so GET / is 404; the API and /-/ready work). Without cgo loki.source.journal is a stub.
    tags: ['netgo', 'gore2regex', 'promtail_journal_enabled'],
    // `replace …/syntax => ./syntax` points at a nested module the zip lacks; go.mod already
    // requires the published syntax v0.1.2, which the replace is then no longer hiding.
    modEdits: ['-dropreplace=github.com/grafana/alloy/syntax'],
    files: [{ path: 'cmd/alloy/main.go', text: MAIN_GO }],
  }),
};
