import { createReadStream, existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { StackError } from '../core/errors.js';

/**
 * How artifacts travel: from upstream over HTTPS, or from a mirror of upstream's files for
 * sites without internet. A mirror keeps each file at `<mirror>/<host>/<path>` (the layout
 * `wget --force-directories` writes), so one mirror serves GitHub releases, grafana.com's
 * API and dl.grafana.com side by side; it is a local directory or an http(s) base URL.
 */
export function mirrorUrl(url: string, mirror?: string): string {
  if (!mirror) return url;
  const u = new URL(url);
  const tail = `${u.host}${u.pathname}`;
  if (/^https?:\/\//.test(mirror)) return `${mirror.replace(/\/+$/, '')}/${tail}`;
  const dir = mirror.startsWith('file://') ? fileURLToPath(mirror) : resolve(mirror);
  return pathToFileURL(`${dir.replace(/\/+$/, '')}/${tail}`).href;
}

/** The mirror setting in effect: the option, else GRAFANA_STACK_MIRROR. A relative directory is taken from `cwd`. */
export function mirrorSetting(option: string | undefined, env: NodeJS.ProcessEnv, cwd: string): string | undefined {
  const m = option ?? env.GRAFANA_STACK_MIRROR;
  if (!m) return undefined;
  if (/^(https?|file):\/\//.test(m) || isAbsolute(m)) return m;
  return resolve(cwd, m);
}

/** A failure to reach a URL (not an HTTP answer): the machine is offline, or the host unknown. */
export class Unreachable extends Error {
  constructor(
    readonly url: string,
    readonly reason: string,
  ) {
    super(`${url}: ${reason}`);
  }
}

/** An HTTP answer other than success, or a file the mirror lacks. */
export class NotServed extends Error {
  constructor(
    readonly url: string,
    readonly status: number | 'missing',
  ) {
    super(`${url}: ${status === 'missing' ? 'not in the mirror' : `HTTP ${status}`}`);
  }
}

/** Reads a URL (http(s) or a mirror's file:) as text. */
export async function readText(url: string, timeoutMs = 30_000): Promise<string> {
  if (url.startsWith('file:')) {
    const path = fileURLToPath(url);
    if (!existsSync(path)) throw new NotServed(url, 'missing');
    return readFile(path, 'utf8');
  }
  const res = await httpGet(url, {}, timeoutMs);
  if (!res.ok) throw new NotServed(url, res.status);
  return res.text();
}

/** Reads a URL (http(s) or a mirror's file:) whole, for small downloads (a plugin zip to pin). */
export async function readBytes(url: string, timeoutMs = 120_000): Promise<Uint8Array> {
  if (url.startsWith('file:')) {
    const path = fileURLToPath(url);
    if (!existsSync(path)) throw new NotServed(url, 'missing');
    return new Uint8Array(await readFile(path));
  }
  const res = await httpGet(url, {}, timeoutMs);
  if (!res.ok) throw new NotServed(url, res.status);
  return new Uint8Array(await res.arrayBuffer());
}

/** An open download: its status (200, 206 for a resumed range), size if known, and its bytes. */
export interface OpenedDownload {
  readonly status: number;
  readonly length: number | undefined;
  readonly body: AsyncIterable<Uint8Array>;
}

/** Opens a URL for reading from byte `from` (a Range request over http; a seek for a file). */
export async function openDownload(url: string, from = 0): Promise<OpenedDownload> {
  if (url.startsWith('file:')) {
    const path = fileURLToPath(url);
    if (!existsSync(path)) throw new NotServed(url, 'missing');
    const size = (await stat(path)).size;
    if (from >= size) return { status: 416, length: 0, body: (async function* () {})() };
    return { status: from ? 206 : 200, length: size - from, body: createReadStream(path, { start: from }) };
  }
  // No timeout on the body: an archive of hundreds of MB on a slow link takes minutes.
  const res = await httpGet(url, from ? { Range: `bytes=${from}-` } : {});
  if (res.status === 416) return { status: 416, length: 0, body: (async function* () {})() };
  if (!res.ok || !res.body) throw new NotServed(url, res.status);
  const length = Number(res.headers.get('content-length')) || undefined;
  return { status: res.status, length, body: res.body as unknown as AsyncIterable<Uint8Array> };
}

async function httpGet(url: string, headers: Record<string, string>, timeoutMs?: number): Promise<Response> {
  try {
    return await fetch(url, { headers, redirect: 'follow', ...(timeoutMs ? { signal: AbortSignal.timeout(timeoutMs) } : {}) });
  } catch (e) {
    // undici says only "fetch failed"; the cause names the real problem (ENOTFOUND, ECONNREFUSED).
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    throw new Unreachable(url, cause?.code ?? cause?.message ?? (e as Error).message);
  }
}

/**
 * The error for an artifact that cannot be downloaded: what failed, and the two ways out on
 * a machine without internet (a mirror, or the user's own binary).
 */
export function downloadError(component: string, e: unknown): StackError {
  if (e instanceof Unreachable || e instanceof NotServed) {
    const what = e instanceof Unreachable ? `cannot reach ${e.url} (${e.reason})` : `${e.url} is not served (${e.status === 'missing' ? 'not in the mirror' : `HTTP ${e.status}`})`;
    return new StackError(
      `${component}: ${what}. Without internet there are two ways out:\n` +
        `  - a mirror of the official release files: --mirror DIR|URL or GRAFANA_STACK_MIRROR, with each file at <mirror>/<host>/<path> (as \`wget -x\` saves it)\n` +
        `  - your own ${component} binary: \`grafana-stack fetch --from system ${component}\`, or \`${component}: { binary: /path/to/it }\` in the definition`,
      [],
      3,
    );
  }
  return e as StackError;
}
