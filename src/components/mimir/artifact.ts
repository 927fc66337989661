import type { ArtifactSpec } from '../artifact-spec.js';

/**
 * Mimir's tags (`mimir-3.0.6`) are not semver module tags, and v2+/v3+ would need a /v3
 * module suffix anyway, so the Go module proxy serves Mimir only by pseudo-version; this
 * machine's proxy serves exactly one (its `@latest`: every branch, tag and hash query is
 * refused). Each buildable version is recorded here with the commit it is.
 */
export const MIMIR_MODULE_VERSIONS: Readonly<Record<string, string>> = {
  // main of 2026-04-23 (aced80d74930): its CHANGELOG has `main / unreleased` above `3.0.6`,
  // so it is after 3.0.6 and before 3.1.0 (the VERSION file on main lags at 3.0.5).
  '3.1.0-main-aced80d': 'v1.3.1-0.20260423142704-aced80d74930',
};

const VERSION_PKG = 'github.com/grafana/mimir/pkg/util/version';

export const mimirArtifact: ArtifactSpec = {
  // mimirtool (rules, alertmanager config, remote-read checks) costs ~11 s once mimir is built.
  binaries: ['mimir', 'mimirtool'],
  source: (version) => {
    const moduleVersion = MIMIR_MODULE_VERSIONS[version];
    if (!moduleVersion) {
      return { unavailable: `no Go module version is known for Mimir ${version}; buildable: ${Object.keys(MIMIR_MODULE_VERSIONS).join(', ')}` };
    }
    return {
      module: 'github.com/grafana/mimir',
      version: moduleVersion,
      packages: { mimir: './cmd/mimir', mimirtool: './cmd/mimirtool' },
      // Mimir's Makefile: GO_TAGS := netgo,stringlabels (stringlabels = the label layout upstream ships).
      tags: ['netgo', 'stringlabels'],
      // Mimir's version package has only these three (no BuildUser/BuildDate).
      ldflags: [`-X ${VERSION_PKG}.Version=${version}`, `-X ${VERSION_PKG}.Revision=${moduleVersion.slice(-12)}`, `-X ${VERSION_PKG}.Branch=main`],
    };
  },
  // A commit build of main: there is no release archive of it.
};
