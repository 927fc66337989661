/**
 * Where a component's binaries come from, per version: the Go module build (and, once
 * pinned by `lock`, release archives). Components describe; the artifacts layer fetches.
 */
export interface ArtifactSpec {
  /** Binaries the artifact provides; the first is the server. */
  readonly binaries: readonly string[];
  /**
   * SPDX identifier of the component's licence. Only permissively licensed components have
   * a `source` build: this project never downloads or builds the Go modules of AGPL
   * software (Grafana, Loki, Tempo, Mimir, Pyroscope, and Alloy, whose module requires Loki's).
   */
  readonly licence: string;
  /** The Go module build of a version (permissively licensed components only). */
  source?(version: string): SourceSpec;
  /** The official release archives of a version, when upstream publishes them. */
  release?(version: string): ReleaseSpec | undefined;
}

export interface SourceSpec {
  readonly module: string;
  readonly version: string;
  readonly packages: Readonly<Record<string, string>>;
  readonly ldflags: readonly string[];
  readonly cgo?: boolean;
  readonly tags?: readonly string[];
  /** Code generators run in the module before building (Grafana: wire), each a pinned Go tool. */
  readonly generate?: readonly GenerateStep[];
  /** Module directories the binary needs at runtime, copied beside it (Grafana: conf/, public/). */
  readonly assets?: AssetSpec;
  /**
   * `go mod edit` flags applied before building, for modules whose go.mod points at
   * something the module zip lacks (Pyroscope: `-dropreplace` of its ./api directory).
   */
  readonly modEdits?: readonly string[];
  /** Files written into the module before building (Alloy's main package; Alertmanager's UI placeholder). */
  readonly files?: readonly SourceFile[];
}

/** A file written into the module copy; `gzip`/`br` store its text compressed (for `//go:embed`ed pre-compressed assets). */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
  readonly compress?: 'gzip' | 'br';
}

/** `go run <tool>@<version> <args...>` inside the module; the tool is verified by the checksum database. */
export interface GenerateStep {
  readonly tool: string;
  readonly version: string;
  readonly args: readonly string[];
}

export interface AssetSpec {
  readonly dirs: readonly string[];
  /** File name suffixes left out (sources the runtime never reads: `.ts`, `.scss`, ...). */
  readonly skip?: readonly string[];
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

/** One platform's official archive: where it is and where the files are inside it. */
export interface ReleaseArchive {
  readonly url: string;
  /** Binary name in the store -> path inside the archive. */
  readonly binaries: Readonly<Record<string, string>>;
  /** Directory in the store -> directory inside the archive (Grafana's conf/ and public/). */
  readonly assets?: Readonly<Record<string, string>>;
}

/**
 * A version's official release archives and the checksum file upstream publishes next to
 * them: `lock` reads the sha256 of every archive from it (never computing one itself).
 */
export interface ReleaseSpec {
  /** Archive per platform; undefined where upstream publishes none. */
  archive(platform: string): ReleaseArchive | undefined;
  /** URL of a `sha256sum`-format file listing the archives, or 'sidecar' for `<archive url>.sha256`. */
  readonly checksums: string | 'sidecar';
}

/**
 * The release layout of Prometheus-project binaries built by promu: a tarball per platform,
 * `<name>-<v>.<os>-<arch>.tar.gz` with one top directory holding the binaries, listed in
 * `sha256sums.txt` (Prometheus, Alertmanager, node_exporter).
 */
export function promuRelease(repo: string, name: string, binaries: readonly string[]): NonNullable<ArtifactSpec['release']> {
  return (version) => {
    if (!isRelease(version)) return undefined;
    const base = `https://github.com/${repo}/releases/download/v${version}`;
    return {
      checksums: `${base}/sha256sums.txt`,
      archive: (platform) => {
        const { os, arch } = osArch(platform);
        const dir = `${name}-${version}.${os}-${arch}`;
        return { url: `${base}/${dir}.tar.gz`, binaries: Object.fromEntries(binaries.map((b) => [b, `${dir}/${b}`])) };
      },
    };
  };
}

/** A plain `x.y.z` release (not a pre-release or a commit build, which have no archives). */
export function isRelease(version: string): boolean {
  return /^\d+\.\d+\.\d+$/.test(version);
}

/** Splits a Go-style platform (`linux-amd64`) into os and arch. */
export function osArch(platform: string): { os: string; arch: string } {
  const [os = '', arch = ''] = platform.split('-');
  return { os, arch };
}
