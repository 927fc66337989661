/**
 * Where a component's binaries come from, per version: the Go module build (and, once
 * pinned by `lock`, release archives). Components describe; the artifacts layer fetches.
 */
export interface ArtifactSpec {
  /** Binaries the artifact provides; the first is the server. */
  readonly binaries: readonly string[];
  /** The Go module build of a version, or a reason it cannot be built from source. */
  source(version: string): SourceSpec | { readonly unavailable: string };
}

export interface SourceSpec {
  readonly module: string;
  readonly version: string;
  readonly packages: Readonly<Record<string, string>>;
  readonly ldflags: readonly string[];
  readonly cgo?: boolean;
  readonly tags?: readonly string[];
}

/** Version stamping for binaries that use github.com/prometheus/common/version (or a copy of it). */
export function versionLdflags(pkg: string, version: string, revision = 'unknown'): string[] {
  return [
    `-X ${pkg}.Version=${version}`,
    `-X ${pkg}.Revision=${revision}`,
    `-X ${pkg}.Branch=HEAD`,
    `-X ${pkg}.BuildUser=grafana-stack`,
    // Fixed, so rebuilding gives the same bytes.
    `-X ${pkg}.BuildDate=19700101-00:00:00`,
  ];
}
