import { execFile } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { packageRoot } from '../core/package-root.js';
import { promisify } from 'node:util';
import { goJson, goVersion } from '../artifacts/providers/source.js';
import { sha256 } from '../artifacts/hash.js';
import { addEntry, findEntry, storeKey, verifyEntry, type StoreEntry } from '../artifacts/store.js';
import { StackError } from '../core/errors.js';

const run = promisify(execFile);

/**
 * Mozilla's root certificates as the Go team publishes them: a Go module, so the Go module
 * proxy serves it and the checksum database vouches for it, like every other input.
 */
export const CA_BUNDLE_MODULE = {
  module: 'golang.org/x/crypto/x509roots/fallback',
  version: 'v0.0.0-20261030153154-30a33513ff6d',
  sum: 'h1:5NBkmd8MXirajj6AAEpi4HFVJnVkBNPTL1ggYAKqaws=',
} as const;

/** The Go source of the healthcheck probe, shipped with the package. */
const PROBE_SOURCE = join(packageRoot(), 'go', 'probe');

/**
 * The files every image shares, built once into the store: the CA bundle, tzdata (the
 * IANA database the Go toolchain ships, the same the components would fall back to) and
 * the static probe. Its store key names every input (module hash, Go version, probe
 * source, zoneinfo hash), so the base layer is rebuilt only when one of them changes.
 */
export async function ensureImageBase(storeDir: string, arch: 'amd64' | 'arm64', log?: (l: string) => void): Promise<StoreEntry> {
  const env: NodeJS.ProcessEnv = { ...process.env, GOFLAGS: '-mod=mod', GOWORK: 'off', CGO_ENABLED: '0', GOOS: 'linux', GOARCH: arch };
  const go = await goVersion(env).catch(() => {
    throw new StackError('building images needs the Go toolchain once, for the base layer\'s healthcheck probe (go/probe): `go` was not found on PATH', [], 69);
  });
  const goroot = (await run('go', ['env', 'GOROOT'], { env })).stdout.trim();
  const zoneinfo = await readFile(join(goroot, 'lib', 'time', 'zoneinfo.zip'));
  const probeFiles = { 'main.go': await readFile(join(PROBE_SOURCE, 'main.go'), 'utf8'), 'go.mod': await readFile(join(PROBE_SOURCE, 'go.mod'), 'utf8') };
  const identity = { kind: 'image-base', arch, go, ca: CA_BUNDLE_MODULE, zoneinfo: sha256(zoneinfo), probe: sha256(JSON.stringify(probeFiles)) };
  const key = storeKey(identity);
  const version = `${go}-${arch}`;
  const existing = findEntry(storeDir, key, 'image-base', version);
  if (existing) return verifyEntry(existing);

  log?.(`building the image base (CA certificates, tzdata, probe) with ${go}`);
  const dl = await goJson(['mod', 'download', '-json', `${CA_BUNDLE_MODULE.module}@${CA_BUNDLE_MODULE.version}`], env);
  if (dl.Sum !== CA_BUNDLE_MODULE.sum || !dl.Dir) {
    throw new StackError(`${CA_BUNDLE_MODULE.module}@${CA_BUNDLE_MODULE.version}: got ${dl.Sum ?? dl.Error ?? 'nothing'}, pinned ${CA_BUNDLE_MODULE.sum}; refusing to use it`, [], 3);
  }
  const pem = derBundleToPem(await readFile(join(dl.Dir, 'bundle', 'bundle.der')));
  return addEntry(storeDir, key, { component: 'image-base', version, origin: { provider: 'image-base', ...identity } }, async (dir) => {
    await writeFile(join(dir, 'ca-certificates.crt'), pem);
    const { unzipSync } = await import('fflate');
    for (const [name, data] of Object.entries(unzipSync(zoneinfo))) {
      if (name.endsWith('/')) continue;
      await mkdir(dirname(join(dir, 'zoneinfo', name)), { recursive: true });
      await writeFile(join(dir, 'zoneinfo', name), data);
    }
    const src = await mkdtemp(join(storeDir, '.build-probe-'));
    try {
      await cp(PROBE_SOURCE, src, { recursive: true });
      await run('go', ['build', '-trimpath', '-buildvcs=false', '-ldflags', '-s -w', '-o', join(dir, 'grafana-stack-probe'), '.'], { cwd: src, env });
    } finally {
      await rm(src, { recursive: true, force: true });
    }
  });
}

/**
 * The module ships its roots as concatenated DER certificates; images want the PEM bundle
 * every TLS library reads. Each certificate is an ASN.1 SEQUENCE whose header gives its
 * length, so the bundle splits without a parser; Node checks that each piece is a
 * certificate.
 */
export function derBundleToPem(der: Buffer): string {
  const out: string[] = [];
  let off = 0;
  while (off < der.length) {
    if (der[off] !== 0x30) throw new Error(`CA bundle: no certificate at byte ${off}`);
    let len = der[off + 1]!;
    let head = 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + der[off + 2 + i]!;
      head = 2 + n;
    }
    const cert = der.subarray(off, off + head + len);
    new X509Certificate(cert); // throws on anything that is not a certificate
    const b64 = cert.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
    out.push(`-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`);
    off += head + len;
  }
  return out.join('');
}
