import type { SourceBuild } from '../../src/artifacts/providers/source.js';

/**
 * The tools the tests feed our output to that Debian does not package: built from their
 * Go modules, pinned by module hash, into the same store as the components (so each
 * version is built once per machine). `npm run fetch:tools` builds them.
 */
export interface ModulePin {
  /** Store name (`helm`) and version (`4.3.1`). */
  readonly name: string;
  readonly version: string;
  /** A module from the proxy, built as the components are. */
  readonly build: SourceBuild;
}

/**
 * A tool whose module cannot be built on its own (replace directives pointing at nested
 * modules): a small module in this repository requires it, and its go.sum pins every
 * dependency.
 */
export interface WrapperPin {
  readonly name: string;
  readonly version: string;
  /** The wrapper module's directory, relative to test/tools. */
  readonly dir: string;
  /** Binary name -> package. */
  readonly packages: Readonly<Record<string, string>>;
  readonly ldflags: readonly string[];
}

export type ToolPin = ModulePin | WrapperPin;

/** Version stamping as Kubernetes' hack/lib/version.sh does it. */
const kubeVersion = (['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version'] as const).flatMap((pkg) => [
  `-X ${pkg}.gitVersion=v1.36.3`,
  `-X ${pkg}.gitMajor=1`,
  `-X ${pkg}.gitMinor=36`,
  `-X ${pkg}.gitTreeState=clean`,
  `-X ${pkg}.buildDate=2026-07-22T18:07:38Z`,
]);

export const TOOL_PINS = {
  // First: small, and every writer test parses its output with it (test/tools/consumers.ts).
  parsers: { name: 'consumer-parsers', version: '1.0.0', dir: 'parsers', packages: { 'consumer-parsers': '.' }, ldflags: [] },
  helm: {
    name: 'helm',
    version: '4.3.1',
    build: {
      module: 'helm.sh/helm/v4',
      version: 'v4.3.1',
      sum: 'h1:UndCoLe9UPmNoL7IvWzaUXveL7T5t/ijoorEmgJdI9g=',
      packages: { helm: './cmd/helm' },
      ldflags: ['-X helm.sh/helm/v4/internal/version.version=v4.3.1'],
    },
  },
  helm3: {
    name: 'helm',
    version: '3.22.0',
    build: {
      module: 'helm.sh/helm/v3',
      version: 'v3.22.0',
      sum: 'h1:n1if5iQgHYsujPAcO5oonH/KiSNUmqmUF0iGVjSF3AU=',
      packages: { helm: './cmd/helm' },
      // As Helm's Makefile does: without these, Helm 3 assumes Kubernetes 1.20 (client-go is 0.37 here).
      ldflags: [
        '-X helm.sh/helm/v3/internal/version.version=v3.22.0',
        '-X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1',
        '-X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=37',
        '-X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1',
        '-X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=37',
      ],
    },
  },
  'kube-score': {
    name: 'kube-score',
    version: '1.20.0',
    build: {
      module: 'github.com/zegl/kube-score',
      version: 'v1.20.0',
      sum: 'h1:J1VqK86SunV4Gg8emPTmwUVxe0rmXnAs5K9ZUbGMKR8=',
      packages: { 'kube-score': './cmd/kube-score' },
      ldflags: ['-X main.version=1.20.0'],
    },
  },
  kubectl: { name: 'kubectl', version: '1.36.3', dir: 'kube', packages: { kubectl: 'k8s.io/kubernetes/cmd/kubectl' }, ldflags: kubeVersion },
  'kube-apiserver': { name: 'kube-apiserver', version: '1.36.3', dir: 'kube', packages: { 'kube-apiserver': 'k8s.io/kubernetes/cmd/kube-apiserver' }, ldflags: kubeVersion },
  etcd: { name: 'etcd', version: '3.6.8', dir: 'etcd', packages: { etcd: '.' }, ldflags: ['-X go.etcd.io/etcd/api/v3/version.GitSHA=v3.6.8'] },
  // The CNCF distribution registry (Apache-2.0): `images --push` and the pulls by digest go to it on 127.0.0.1.
  registry: {
    name: 'registry',
    version: '3.1.2',
    build: {
      module: 'github.com/distribution/distribution/v3',
      version: 'v3.1.2',
      sum: 'h1:/Bv2YIqqSR00HiO49FT93hovy6r9IlrzwUDsJjCN5qg=',
      packages: { registry: './cmd/registry' },
      ldflags: ['-X github.com/distribution/distribution/v3/version.version=v3.1.2'],
    },
  },
} as const satisfies Record<string, ToolPin>;

export type ToolId = keyof typeof TOOL_PINS;

/**
 * The permissively licensed components, built here from their Go modules (the component's
 * own `source` build, with the module hash pinned here, so no test trusts the proxy on first
 * use). They stand in for the official archives nobody can download on this machine:
 * test/tools/mirror.ts packs them in upstream's release layout into a local mirror, and the
 * end-to-end tests lock, fetch and run them through the release provider from there.
 * Never an AGPL module (Grafana, Loki, Tempo, Mimir, Pyroscope, Alloy): see the guard test.
 */
export const COMPONENT_MODULE_SUMS = {
  prometheus: 'h1:f1GRFerhTMKQma+awCoC9T820ecWeGSdF+xAlMHzZzM=',
  alertmanager: 'h1:nbXMjr+P2JaoFd7aHNDxKifEwTPN+TWxM0gNPonuH5w=',
  'node-exporter': 'h1:LzcZ6SqJRH2EULBz3Paa1t1uzQaaoo9domuz8FQDkiY=',
  proxy: 'h1:bhZtcRKQOq0fuLvEgCdPYvUxXyGn9kzjG4lh2332DTE=',
  'kube-state-metrics': 'h1:edO7hyGs1MqZhbUbzWW1YRTV3afZOIbvHNvOCaJjuU4=',
} as const;

export type BuiltComponent = keyof typeof COMPONENT_MODULE_SUMS;

/** The module hashes above are of these versions: a version bump needs a new hash. */
export const COMPONENT_MODULE_VERSIONS: Readonly<Record<BuiltComponent, string>> = {
  prometheus: '3.16.0',
  alertmanager: '0.35.0',
  'node-exporter': '1.12.1',
  proxy: '2.11.9',
  'kube-state-metrics': '2.20.0',
};

/** The tiny module the source provider's own test builds (fetched into the module cache by fetch:tools, read offline). */
export const HELLO = 'golang.org/x/example/hello@v0.0.0-20250915201037-7f05d217867b';
