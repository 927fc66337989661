import { isRelease, osArch, type ArtifactSpec } from '../artifact-spec.js';

/**
 * Grafana's tags (v10, v11, v12) lack the /vN module suffix, so the Go module proxy serves
 * Grafana by pseudo-version only, and this machine's proxy only some of those. Each
 * buildable release is recorded here with the commit it is and that commit's time (Grafana
 * stamps `main.buildstamp` with it, so the bytes do not depend on when we build).
 */
export const GRAFANA_MODULE_VERSIONS: Readonly<Record<string, { module: string; commitTime: number }>> = {
  // main of 2023-06-09 (package.json 10.0.0-preview): the newest Grafana the proxy serves here.
  '10.0.0-preview-81d85ce': { module: 'v1.9.2-0.20230609164553-81d85ce8028d', commitTime: 1686329153 },
};

export const grafanaArtifact: ArtifactSpec = {
  binaries: ['grafana'],
  source: (version) => {
    const pin = GRAFANA_MODULE_VERSIONS[version];
    if (!pin) {
      return { unavailable: `no Go module version is known for Grafana ${version}; buildable: ${Object.keys(GRAFANA_MODULE_VERSIONS).join(', ')}` };
    }
    return {
      module: 'github.com/grafana/grafana',
      version: pin.module,
      packages: { grafana: './pkg/cmd/grafana' },
      ldflags: [`-X main.version=${version}`, `-X main.commit=${pin.module.slice(-12)}`, '-X main.buildBranch=main', `-X main.buildstamp=${pin.commitTime}`, '-linkmode=external', '-extldflags=-static'],
      // The SQLite driver of this Grafana (mattn/go-sqlite3) is cgo. It is linked statically
      // (pure-Go DNS and user lookup, no SQLite extension loading, so no glibc NSS or dlopen
      // at run time): the same binary then runs in a distroless image without a libc.
      cgo: true,
      tags: ['netgo', 'osusergo', 'sqlite_omit_load_extension'],
      // The module ships no pkg/server/wire_gen.go. wire v0.5.0 (what go.mod names) crashes
      // under Go >= 1.22 in its old x/tools; v0.7.0 generates the same injectors.
      generate: [{ tool: 'github.com/google/wire/cmd/wire', version: 'v0.7.0', args: ['gen', '-tags', 'oss', './pkg/server'] }],
      // The server reads conf/defaults.ini, email templates and plugin.json files from its
      // home path; the frontend sources are not needed (there is no built frontend).
      assets: { dirs: ['conf', 'public'], skip: ['.ts', '.tsx', '.scss', '.snap', '.md', '.test.js'] },
    };
  },
  // dl.grafana.com tarballs with a `.sha256` file beside each. The top directory's name
  // has changed between releases (grafana-x.y.z, grafana-vx.y.z), so it is matched by `*`.
  release: (version) => {
    if (!isRelease(version)) return undefined;
    return {
      checksums: 'sidecar',
      archive: (platform) => {
        const { os, arch } = osArch(platform);
        return {
          url: `https://dl.grafana.com/oss/release/grafana-${version}.${os}-${arch}.tar.gz`,
          binaries: { grafana: '*/bin/grafana' },
          assets: { conf: '*/conf', public: '*/public' },
        };
      },
    };
  },
};
