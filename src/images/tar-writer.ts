import { createHash } from 'node:crypto';
import { open, readFile, type FileHandle } from 'node:fs/promises';
import { Header, Pax } from 'tar';

/** One entry of a layer. Paths are relative (`etc/passwd`), without a leading slash. */
export type LayerEntry =
  | { readonly type: 'dir'; readonly path: string; readonly mode: number; readonly uid?: number; readonly gid?: number }
  | { readonly type: 'file'; readonly path: string; readonly mode: number; readonly uid?: number; readonly gid?: number; readonly content: Buffer | { readonly from: string } }
  | { readonly type: 'symlink'; readonly path: string; readonly target: string };

/** Every directory above `path` (`a/b/c` -> `a`, `a/b`), for entries that need their parents. */
function parents(path: string): string[] {
  const parts = path.split('/');
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** The entries plus a directory entry (root's, `mode`) for every parent none of them declares. */
export function withParents(entries: LayerEntry[], mode = 0o755): LayerEntry[] {
  const have = new Set(entries.filter((e) => e.type === 'dir').map((e) => e.path));
  const out = [...entries];
  for (const e of entries) {
    for (const p of parents(e.path)) {
      if (!have.has(p)) {
        have.add(p);
        out.push({ type: 'dir', path: p, mode });
      }
    }
  }
  return out;
}

/** What a written tar is known by: the sha256 of its bytes and their count. */
export interface Blob {
  readonly digest: string;
  readonly size: number;
}

const EPOCH = new Date(0);

/**
 * Writes a tar whose bytes depend only on the entries: sorted by path, every mtime the
 * epoch, numeric owners without names, no hardlinks, PAX headers only where ustar cannot
 * hold a field. That is what makes two builds of an image give the same digest (the same
 * rules as Nix's dockerTools, ko and apko). node-tar encodes the headers; the order and
 * metadata are ours, which its filesystem-walking `create` does not let us fix.
 */
export async function writeTar(file: string, entries: readonly LayerEntry[]): Promise<Blob> {
  const sorted = [...entries].sort((a, b) => compare(entryName(a), entryName(b)));
  const seen = new Set<string>();
  const out = new HashingFile(await open(file, 'w'));
  try {
    for (const e of sorted) {
      const name = entryName(e);
      if (seen.has(name)) throw new Error(`duplicate layer entry ${name}`);
      seen.add(name);
      if (e.type === 'file') {
        const data = Buffer.isBuffer(e.content) ? e.content : await readFile(e.content.from);
        await out.write(header({ path: name, type: 'File', mode: e.mode, uid: e.uid ?? 0, gid: e.gid ?? 0, size: data.length }));
        await out.write(data);
        const pad = (512 - (data.length % 512)) % 512;
        if (pad) await out.write(Buffer.alloc(pad));
      } else if (e.type === 'dir') {
        await out.write(header({ path: name, type: 'Directory', mode: e.mode, uid: e.uid ?? 0, gid: e.gid ?? 0, size: 0 }));
      } else {
        await out.write(header({ path: name, type: 'SymbolicLink', mode: 0o777, uid: 0, gid: 0, size: 0, linkpath: e.target }));
      }
    }
    await out.write(Buffer.alloc(1024)); // end-of-archive marker
    return await out.close();
  } catch (e) {
    await out.close().catch(() => undefined);
    throw e;
  }
}

function entryName(e: LayerEntry): string {
  return e.type === 'dir' ? `${e.path.replace(/\/$/, '')}/` : e.path;
}

/** Byte order, not locale order: the same on every machine. */
function compare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

function header(h: { path: string; type: 'File' | 'Directory' | 'SymbolicLink'; mode: number; uid: number; gid: number; size: number; linkpath?: string }): Buffer {
  const data = { ...h, mtime: EPOCH, uname: '', gname: '' };
  const hdr = new Header(data);
  const needPax = hdr.encode();
  if (!hdr.block) throw new Error(`cannot encode a tar header for ${h.path}`);
  if (!needPax) return hdr.block;
  // Long paths (Grafana's public/ has some) need a PAX extended header before the entry.
  const pax = new Pax({ path: h.path, size: h.size, mtime: EPOCH, uid: h.uid, gid: h.gid, ...(h.linkpath ? { linkpath: h.linkpath } : {}) }).encode();
  return Buffer.concat([pax, hdr.block]);
}

/** A file written sequentially while its sha256 is computed. */
class HashingFile {
  readonly #hash = createHash('sha256');
  #size = 0;
  constructor(private readonly fh: FileHandle) {}
  async write(b: Buffer): Promise<void> {
    this.#hash.update(b);
    this.#size += b.length;
    await this.fh.write(b);
  }
  async close(): Promise<Blob> {
    await this.fh.close();
    return { digest: `sha256:${this.#hash.digest('hex')}`, size: this.#size };
  }
}
