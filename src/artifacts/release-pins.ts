import type { ChecksumAlgorithm, ReleaseArchive, ReleaseSpec } from '../components/artifact-spec.js';
import { StackError } from '../core/errors.js';
import type { AssetPin, ReleasePin } from './lockfile.js';
import { PLATFORMS, type Platform } from './platform.js';
import { downloadError, mirrorUrl, NotServed, readText } from './transport.js';

export interface PinOptions {
  /** A mirror of upstream's files (see transport.ts), for sites without internet. */
  readonly mirror?: string;
  readonly log?: (line: string) => void;
}

/**
 * Pins a version's release assets for every platform from the checksums upstream
 * publishes (a checksum list, a file beside each asset, or grafana.com's API). Nothing is
 * computed or guessed: a platform upstream does not publish gets no pin (and the log says
 * so), a tool missing upstream is left out, and a checksum source that cannot be read is
 * an error naming its URL and the ways out.
 */
export async function pinReleases(name: string, spec: ReleaseSpec, opts: PinOptions = {}): Promise<Partial<Record<Platform, ReleasePin>>> {
  const cache = new Map<string, Promise<string>>();
  const text = (url: string) => {
    const u = mirrorUrl(url, opts.mirror);
    if (!cache.has(u)) cache.set(u, readText(u));
    return cache.get(u)!;
  };
  const pins: Partial<Record<Platform, ReleasePin>> = {};
  try {
    for (const platform of PLATFORMS) {
      const archive = spec.archive(platform);
      if (!archive) continue;
      const main = await pinAsset(spec, archive, text);
      if (!main) {
        opts.log?.(`${name}: upstream publishes no ${platform} asset (${archive.url}): no ${platform} pin`);
        continue;
      }
      const tools: AssetPin[] = [];
      for (const t of spec.tools?.(platform) ?? []) {
        const pin = await pinAsset(spec, t, text);
        if (pin) tools.push(pin);
        else opts.log?.(`${name}: upstream publishes no ${t.url}: ${Object.keys(t.binaries).join(', ')} left out on ${platform}`);
      }
      pins[platform] = tools.length ? { ...main, tools } : main;
    }
  } catch (e) {
    throw downloadError(name, e);
  }
  if (!Object.keys(pins).length) throw new StackError(`${name}: upstream publishes no release asset for any of ${PLATFORMS.join(', ')}`, [], 3);
  return pins;
}

/** One asset's pin, or undefined when upstream does not publish it. */
async function pinAsset(spec: ReleaseSpec, a: ReleaseArchive, text: (url: string) => Promise<string>): Promise<AssetPin | undefined> {
  const src = spec.checksums;
  const layout = { binaries: { ...a.binaries }, ...(a.assets ? { assets: { ...a.assets } } : {}), ...(a.exclude ? { exclude: [...a.exclude] } : {}) };
  if ('api' in src) {
    const doc = await optional(text(a.url));
    if (doc === undefined) return undefined;
    const { url, sha256 } = parseDownloadApi(doc, a.url);
    return { url, sha256, ...layout };
  }
  const file = a.url.slice(a.url.lastIndexOf('/') + 1);
  const listUrl = 'list' in src ? src.list : `${a.url}${src.sidecar}`;
  const list = 'list' in src ? await text(listUrl) : await optional(text(listUrl));
  if (list === undefined) return undefined;
  const sums = parseChecksums(list, src.algorithm);
  const hex = 'list' in src ? sums.get(file) : sums.size === 1 ? [...sums.values()][0] : sums.get(file);
  if (!hex) return undefined;
  return { url: a.url, [src.algorithm]: hex, ...layout } as AssetPin;
}

/** A 404 (or a file a mirror lacks) means "not published"; any other failure is an error. */
async function optional(p: Promise<string>): Promise<string | undefined> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof NotServed && (e.status === 404 || e.status === 'missing')) return undefined;
    throw e;
  }
}

/** grafana.com's `/api/downloads/<product>/versions/<v>/packages/<arch>/<os>`: `{ url, sha256, ... }`. */
export function parseDownloadApi(text: string, from: string): { url: string; sha256: string } {
  let doc: { url?: unknown; sha256?: unknown };
  try {
    doc = JSON.parse(text) as typeof doc;
  } catch {
    throw new StackError(`${from}: the download API answered with something that is not JSON`, [], 3);
  }
  if (typeof doc.url !== 'string' || !/^https:\/\//.test(doc.url) || typeof doc.sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(doc.sha256)) {
    throw new StackError(`${from}: the download API gave no https url and sha256 (got ${JSON.stringify(text.slice(0, 200))})`, [], 3);
  }
  return { url: doc.url, sha256: doc.sha256.toLowerCase() };
}

/**
 * Parses `sha256sum`/`sha512sum` output (`<hex>  <name>` or `<hex> *<name>` per line; a
 * path keeps only its file name); a file holding only a hash maps the empty name to it.
 */
export function parseChecksums(text: string, algorithm: ChecksumAlgorithm = 'sha256'): Map<string, string> {
  const hexLength = algorithm === 'sha256' ? 64 : 128;
  const out = new Map<string, string>();
  const line = new RegExp(`^([0-9a-fA-F]{${hexLength}})(?:\\s+\\*?(.+?))?\\s*$`);
  for (const l of text.split('\n')) {
    const m = line.exec(l.trim());
    if (m) out.set(m[2]?.replace(/^.*\//, '') ?? '', m[1]!.toLowerCase());
  }
  if (!out.size) throw new StackError(`no ${algorithm} checksums in the file`, [], 3);
  return out;
}
