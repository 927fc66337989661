import { isRelease, osArch, versionLdflags, type ArtifactSpec } from '../artifact-spec.js';

/**
 * Tempo's tags (v2.x) lack the /v2 module suffix, so the Go module proxy serves Tempo only
 * by pseudo-version, and this machine's proxy only some of those. Each buildable release
 * is recorded here with the commit it is.
 */
export const TEMPO_MODULE_VERSIONS: Readonly<Record<string, string>> = {
  // main of 2025-05-29, just after v2.8.0-rc.0: the newest Tempo the proxy serves here.
  '2.8.0-rc.0-87c2dc3': 'v1.5.1-0.20250529124718-87c2dc380cec',
};

export const tempoArtifact: ArtifactSpec = {
  binaries: ['tempo', 'tempo-cli'],
  source: (version) => {
    const moduleVersion = TEMPO_MODULE_VERSIONS[version];
    if (!moduleVersion) {
      return { unavailable: `no Go module version is known for Tempo ${version}; buildable: ${Object.keys(TEMPO_MODULE_VERSIONS).join(', ')}` };
    }
    return {
      module: 'github.com/grafana/tempo',
      version: moduleVersion,
      packages: { tempo: './cmd/tempo', 'tempo-cli': './cmd/tempo-cli' },
      // Tempo reads its version from main.* for the banner and from cmd/tempo/build for -version.
      ldflags: [
        `-X main.Version=${version}`,
        `-X main.Revision=${moduleVersion.slice(-12)}`,
        '-X main.Branch=HEAD',
        ...versionLdflags('github.com/grafana/tempo/cmd/tempo/build', version, moduleVersion.slice(-12)),
      ],
    };
  },
  // goreleaser archives (tempo_<v>_<os>_<arch>.tar.gz, binary at the top) listed in
  // SHA256SUMS. 2.8 ships no darwin build (golang/go#73617): the checksum file decides.
  release: (version) => {
    if (!isRelease(version)) return undefined;
    const base = `https://github.com/grafana/tempo/releases/download/v${version}`;
    return {
      checksums: `${base}/SHA256SUMS`,
      archive: (platform) => {
        const { os, arch } = osArch(platform);
        return { url: `${base}/tempo_${version}_${os}_${arch}.tar.gz`, binaries: { tempo: 'tempo', 'tempo-cli': 'tempo-cli' } };
      },
    };
  },
};
