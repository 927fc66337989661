import { open } from 'node:fs/promises';
import { StackError } from '../core/errors.js';

/** Where a member's bytes are inside a tar file. */
export interface TarMember {
  readonly offset: number;
  readonly size: number;
}

/** One image of an OCI image layout archive (what `images` writes), ready to push. */
export interface OciArchive {
  readonly file: string;
  readonly manifestDigest: string;
  readonly manifestMediaType: string;
  readonly manifest: Buffer;
  /** Config first, then the layers, each once. */
  readonly blobs: readonly { readonly digest: string; readonly size: number; readonly member: TarMember }[];
}

/**
 * Reads the image of an OCI layout tar without unpacking it: the tar's headers give where
 * each blob's bytes lie, so a push streams them from the archive itself.
 */
export async function readOciArchive(file: string): Promise<OciArchive> {
  const members = await tarMembers(file);
  const fh = await open(file, 'r');
  try {
    const read = async (path: string): Promise<Buffer> => {
      const m = members.get(path);
      if (!m) throw new StackError(`${file}: no ${path} in the archive (is it an OCI image layout?)`, [], 1);
      const buf = Buffer.alloc(m.size);
      await fh.read(buf, 0, m.size, m.offset);
      return buf;
    };
    const index = JSON.parse((await read('index.json')).toString('utf8')) as { manifests?: { digest: string; mediaType: string }[] };
    const entry = index.manifests?.[0];
    if (!entry || index.manifests!.length !== 1) throw new StackError(`${file}: expected one image in index.json, found ${index.manifests?.length ?? 0}`, [], 1);
    const manifest = await read(blobPath(entry.digest));
    const parsed = JSON.parse(manifest.toString('utf8')) as { config: { digest: string; size: number }; layers: { digest: string; size: number }[] };
    const blobs: OciArchive['blobs'][number][] = [];
    for (const d of [parsed.config, ...parsed.layers]) {
      if (blobs.some((b) => b.digest === d.digest)) continue;
      const member = members.get(blobPath(d.digest));
      if (!member || member.size !== d.size) throw new StackError(`${file}: blob ${d.digest} is missing or not ${d.size} bytes`, [], 1);
      blobs.push({ digest: d.digest, size: d.size, member });
    }
    return { file, manifestDigest: entry.digest, manifestMediaType: entry.mediaType, manifest, blobs };
  } finally {
    await fh.close();
  }
}

function blobPath(digest: string): string {
  return `blobs/${digest.replace(':', '/')}`;
}

/**
 * Every regular member of a ustar/PAX tar by path. Handwritten because node-tar's parser
 * hands out contents, not positions; the format is 512-byte headers, each followed by
 * its data padded to 512 bytes.
 */
export async function tarMembers(file: string): Promise<Map<string, TarMember>> {
  const out = new Map<string, TarMember>();
  const fh = await open(file, 'r');
  try {
    const header = Buffer.alloc(512);
    let pos = 0;
    let paxPath: string | undefined;
    for (;;) {
      const { bytesRead } = await fh.read(header, 0, 512, pos);
      if (bytesRead < 512 || header.every((b) => b === 0)) break;
      const field = (start: number, len: number) => header.subarray(start, start + len).toString('utf8').replace(/\0.*$/s, '');
      const size = parseInt(field(124, 12).trim() || '0', 8);
      const type = String.fromCharCode(header[156]!);
      const prefix = field(257, 6).startsWith('ustar') ? field(345, 155) : '';
      const name = paxPath ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
      const data = pos + 512;
      if (type === 'x') {
        const pax = Buffer.alloc(size);
        await fh.read(pax, 0, size, data);
        paxPath = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(pax.toString('utf8'))?.[1];
      } else {
        if (type === '0' || type === '\0') out.set(name.replace(/^\.\//, ''), { offset: data, size });
        paxPath = undefined;
      }
      pos = data + Math.ceil(size / 512) * 512;
    }
  } finally {
    await fh.close();
  }
  return out;
}
