import type { ReleaseSpec } from '../components/artifact-spec.js';
import { PLATFORMS, type Platform } from './platform.js';
import { releaseUrl, type ReleaseArtifact } from './providers/release.js';

export interface PinOptions {
  /** Base URL of a mirror that serves upstream's paths (air-gapped sites). */
  readonly mirror?: string;
  readonly log?: (line: string) => void;
  /** Reads a URL as text; `fetch` by default (tests pass their own server's URLs via `mirror`). */
  readonly fetchText?: (url: string) => Promise<string>;
}

/**
 * Pins a version's release archives for every platform from the checksum file upstream
 * publishes. Nothing is computed or guessed: a platform whose archive the checksum file
 * does not list gets no pin, and when the file cannot be read no release is pinned at all
 * (the lock then holds the source build only, and says why).
 */
export async function pinReleases(name: string, spec: ReleaseSpec, opts: PinOptions = {}): Promise<Partial<Record<Platform, ReleaseArtifact>> | undefined> {
  const read = opts.fetchText ?? fetchText;
  const cache = new Map<string, Promise<string>>();
  const text = (url: string) => {
    const u = releaseUrl(url, opts.mirror);
    if (!cache.has(u)) cache.set(u, read(u));
    return cache.get(u)!;
  };
  const pins: Partial<Record<Platform, ReleaseArtifact>> = {};
  for (const platform of PLATFORMS) {
    const archive = spec.archive(platform);
    if (!archive) continue;
    const listUrl = spec.checksums === 'sidecar' ? `${archive.url}.sha256` : spec.checksums;
    let sums: Map<string, string>;
    try {
      sums = parseChecksums(await text(listUrl));
    } catch (e) {
      if (spec.checksums !== 'sidecar') {
        opts.log?.(`${name}: no release pins: cannot read ${listUrl} (${(e as Error).message}); the lock keeps the source build`);
        return undefined;
      }
      opts.log?.(`${name}: no ${platform} release pin: cannot read ${listUrl} (${(e as Error).message})`);
      continue;
    }
    const file = archive.url.slice(archive.url.lastIndexOf('/') + 1);
    const sha256 = spec.checksums === 'sidecar' ? sums.get('') ?? sums.get(file) : sums.get(file);
    if (!sha256) {
      opts.log?.(`${name}: upstream publishes no ${file} (not in ${listUrl}): no ${platform} release pin`);
      continue;
    }
    pins[platform] = { url: archive.url, sha256, binaries: { ...archive.binaries }, ...(archive.assets ? { assets: { ...archive.assets } } : {}) };
  }
  return Object.keys(pins).length ? pins : undefined;
}

/**
 * Parses `sha256sum` output (`<hex>  <name>` or `<hex> *<name>` per line); a file holding
 * only a hash (Grafana's `.sha256` sidecars) maps the empty name to it.
 */
export function parseChecksums(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([0-9a-fA-F]{64})(?:\s+\*?(.+?))?\s*$/.exec(line.trim());
    if (m) out.set(m[2]?.replace(/^.*\//, '') ?? '', m[1]!.toLowerCase());
  }
  if (!out.size) throw new Error('no sha256 checksums in the file');
  return out;
}

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url, { redirect: 'follow', signal: AbortSignal.timeout(30_000) }).catch((e: Error & { cause?: { code?: string; message?: string } }) => {
    // undici says only "fetch failed"; the cause names the real problem (ENOTFOUND, ECONNREFUSED).
    throw new Error(e.cause?.code ?? e.cause?.message ?? e.message);
  });
  if (!res.ok) throw new Error(`HTTP ${res.status}`);
  return res.text();
}
