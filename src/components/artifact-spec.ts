/**
 * Where a component's binaries come from, per version: the vendor's official release
 * archives (the default), the user's own binary, or, for permissively licensed components
 * only, a Go module build. Components describe; the artifacts layer fetches.
 */
export interface ArtifactSpec {
  /** Binaries the artifact provides; the first is the server, the others its tools (promtool, logcli). */
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
  /**
   * A home directory the server reads beside its binary (Grafana's conf/ and public/): the
   * file that marks it, and where distribution packages put it. The user's own binary
   * brings its home along.
   */
  readonly home?: { readonly marker: string; readonly systemDirs: readonly string[] };
  /** How the server binary reports its version, for the user's own binary (default: `--version`, `version X.Y.Z` in the output). */
  readonly versionProbe?: VersionProbe;
  /** The vendor's official container image (what Compose and Kubernetes run by default). */
  readonly image?: OfficialImage;
}

/**
 * The official upstream image of each component, and what running it the way the
 * project runs every container needs to know about it. Facts from each image's
 * Dockerfile at the pinned versions (sources in ../shared/UPSTREAM.md, "Official
 * images"). Every container runs the component's binary by its path (`command`), so an
 * image's entrypoint script or default CMD never decides the flags; as uid 65532 (none of
 * these images' own users is above 10000: Grafana 472, prom/* nobody 65534... and some
 * are root); on a read-only root with writable volumes where the program writes; with
 * every capability dropped. Kubernetes probes are the kubelet's own HTTP and TCP checks,
 * which need nothing in the image; a Compose healthcheck runs inside the container, so
 * the project's static probe is mounted read-only into each (most of these have no
 * shell, and none is sure to keep wget).
 */
export interface OfficialImage {
  /** Fully qualified repository (`docker.io/grafana/grafana`): never left to an engine's short-name rules. */
  readonly repository: string;
  /** The tag of a version: upstream spells them differently (`v3.16.0`, `3.7.8`). */
  readonly tag: (version: string) => string;
  /** The component's binary inside the image. */
  readonly binary: string;
  /** Where the component's artifact is unpacked (Grafana's homepath), for `ref.artifactDir()`. */
  readonly home?: string;
  /**
   * Variables the image sets that would override the generated config, set empty in the
   * container: Grafana's `GF_PATHS_*` (an empty `GF_*` is ignored, so grafana.ini decides).
   */
  readonly neutralEnv?: readonly string[];
  /** Base and shell, user, entrypoint: what the image is, for the docs and for review. */
  readonly facts: string;
}


/** Arguments that make a binary print its version, and where the version is in the output. */
export interface VersionProbe {
  readonly args: readonly string[];
  /** First capture group is the version (`x.y.z`, with or without a leading v). */
  readonly pattern: RegExp;
}

export interface SourceSpec {
  readonly module: string;
  readonly version: string;
  readonly packages: Readonly<Record<string, string>>;
  readonly ldflags: readonly string[];
  readonly cgo?: boolean;
  readonly tags?: readonly string[];
  /**
   * `go mod edit` flags applied before building, for modules whose go.mod points at
   * something the module zip lacks.
   */
  readonly modEdits?: readonly string[];
  /** Files written into the module before building (Alertmanager's UI placeholder). */
  readonly files?: readonly SourceFile[];
}

/** A file written into the module copy; `gzip`/`br` store its text compressed (for `//go:embed`ed pre-compressed assets). */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
  readonly compress?: 'gzip' | 'br';
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

export type ChecksumAlgorithm = 'sha256' | 'sha512';

/**
 * Where upstream publishes the checksum of an asset; `lock` reads it from there and never
 * computes one itself.
 * - `list`: one `sha256sum`/`sha512sum`-format file listing every asset (SHA256SUMS).
 * - `sidecar`: a file per asset at `<asset url><suffix>` (Mimir's `-sha-256`).
 * - `api`: a JSON document per asset, at the archive's `url`, giving the real download
 *   `url` and its `sha256` (grafana.com's download API: Grafana's archive names carry a
 *   build id that cannot be derived from the version).
 */
export type ChecksumSource =
  | { readonly list: string; readonly algorithm: ChecksumAlgorithm }
  | { readonly sidecar: string; readonly algorithm: ChecksumAlgorithm }
  | { readonly api: 'grafana.com' };

/** One downloadable asset of a platform: an archive (tar.gz, zip) or a bare binary. */
export interface ReleaseArchive {
  /** The asset's URL (for an `api` checksum source: the API document that names it). */
  readonly url: string;
  /**
   * Binary name in the store -> path inside the archive (a first segment `*` matches its one
   * top directory). For a bare binary, the path is the asset's file name.
   */
  readonly binaries: Readonly<Record<string, string>>;
  /**
   * Directory in the store -> directory inside the archive, copied whole (Grafana's home:
   * `conf/`, `public/`, ...). The store directory `.` copies the archive directory's
   * entries into the entry itself, except those named in `exclude`.
   */
  readonly assets?: Readonly<Record<string, string>>;
  /** Top-level entries of a `.` asset left out (what the runtime never reads). */
  readonly exclude?: readonly string[];
}

/**
 * A version's official release assets and where their checksums are published: the
 * server's archive per platform, and the archives of tools upstream ships apart (logcli).
 */
export interface ReleaseSpec {
  /** The server's archive per platform; undefined where upstream publishes none. */
  archive(platform: string): ReleaseArchive | undefined;
  /** Archives of the component's tools published beside it (optional in the store: a missing tool is reported, not fatal). */
  tools?(platform: string): readonly ReleaseArchive[];
  readonly checksums: ChecksumSource;
}

/**
 * The release layout of Prometheus-project binaries built by promu: a tarball per platform,
 * `<name>-<v>.<os>-<arch>.tar.gz` with one top directory holding the binaries, listed in
 * `sha256sums.txt` (Prometheus, Alertmanager, node_exporter; prometheus/promu `cmd/tarball.go`
 * and `cmd/checksum.go`).
 */
export function promuRelease(repo: string, name: string, binaries: readonly string[]): NonNullable<ArtifactSpec['release']> {
  return (version) => {
    if (!isRelease(version)) return undefined;
    const base = githubRelease(repo, `v${version}`);
    return {
      checksums: { list: `${base}/sha256sums.txt`, algorithm: 'sha256' },
      archive: (platform) => {
        const { os, arch } = osArch(platform);
        const dir = `${name}-${version}.${os}-${arch}`;
        return { url: `${base}/${dir}.tar.gz`, binaries: Object.fromEntries(binaries.map((b) => [b, `${dir}/${b}`])) };
      },
    };
  };
}

/** The download base of a GitHub release: `https://github.com/<repo>/releases/download/<tag>`. */
export function githubRelease(repo: string, tag: string): string {
  return `https://github.com/${repo}/releases/download/${tag}`;
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
