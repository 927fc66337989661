import { createReadStream } from 'node:fs';
import { StackError } from '../core/errors.js';
import { errorText, type RegistryClient } from './client.js';
import { readOciArchive } from './oci-archive.js';

export interface PushResult {
  /** The manifest digest the registry stored: the archive's own, checked. */
  readonly digest: string;
  /** Blobs sent, and blobs the registry already had (skipped). */
  readonly uploaded: number;
  readonly present: number;
  readonly bytes: number;
}

/**
 * Pushes the image of an OCI layout archive to `repository:tag`: each blob the registry
 * lacks is uploaded in one PUT streamed from the archive (the monolithic upload of the
 * distribution spec), then the manifest. The image is pushed byte for byte, so the digest
 * the registry answers is the one computed when the image was built; anything else is an
 * error.
 */
export async function pushArchive(client: RegistryClient, file: string, repository: string, tag: string): Promise<PushResult> {
  const image = await readOciArchive(file);
  const at = `${client.registry}/${repository}`;
  let uploaded = 0;
  let present = 0;
  let bytes = 0;
  for (const blob of image.blobs) {
    const head = await client.request('HEAD', repository, `blobs/${blob.digest}`, { actions: 'pull,push' });
    if (head.status === 200) {
      present++;
      continue;
    }
    const start = await client.request('POST', repository, 'blobs/uploads/', { actions: 'pull,push' });
    const location = start.headers.location;
    if (start.status !== 202 || typeof location !== 'string') throw new StackError(`${at}: starting an upload failed (HTTP ${start.status}): ${errorText(start)}`, [], 1);
    const url = new URL(location, start.url);
    url.searchParams.set('digest', blob.digest);
    const { offset, size } = blob.member;
    const put = await client.request('PUT', repository, url.href, {
      actions: 'pull,push',
      headers: { 'content-type': 'application/octet-stream' },
      body: { length: size, stream: () => createReadStream(file, { start: offset, end: offset + size - 1 }) },
    });
    if (put.status !== 201) throw new StackError(`${at}: uploading ${blob.digest} failed (HTTP ${put.status}): ${errorText(put)}`, [], 1);
    uploaded++;
    bytes += size;
  }
  const res = await client.request('PUT', repository, `manifests/${encodeURIComponent(tag)}`, {
    actions: 'pull,push',
    headers: { 'content-type': image.manifestMediaType },
    body: image.manifest,
  });
  if (res.status !== 201) throw new StackError(`${at}:${tag}: the registry refused the manifest (HTTP ${res.status}): ${errorText(res)}`, [], 1);
  const stored = res.headers['docker-content-digest'];
  if (typeof stored === 'string' && stored !== image.manifestDigest) {
    throw new StackError(`${at}:${tag}: the registry stored the manifest as ${stored}, not ${image.manifestDigest}`, [], 1);
  }
  return { digest: image.manifestDigest, uploaded, present, bytes };
}
