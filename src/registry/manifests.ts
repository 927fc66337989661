import { createHash } from 'node:crypto';
import { StackError } from '../core/errors.js';
import { errorText, type RegistryClient } from './client.js';

/** The manifest media types a registry may answer a tag with: image indexes (multi-platform) first. */
export const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
] as const;

/**
 * The digest a tag points at now, as engines pull it: the image index of a multi-platform
 * image, so `image:tag@digest` names the same thing on every architecture. From the
 * `Docker-Content-Digest` header of a HEAD; registries that leave it out get a GET, and
 * the digest is computed from the manifest's bytes.
 */
export async function resolveDigest(client: RegistryClient, repository: string, tag: string): Promise<string> {
  const headers = { accept: MANIFEST_TYPES.join(', ') };
  const head = await client.request('HEAD', repository, `manifests/${encodeURIComponent(tag)}`, { headers });
  if (head.status === 404) throw new StackError(`${client.registry}/${repository}:${tag} does not exist (HTTP 404)`, [], 3);
  if (head.status !== 200) throw new StackError(`${client.registry}/${repository}:${tag}: HTTP ${head.status}`, [], 3);
  const digest = head.headers['docker-content-digest'];
  if (typeof digest === 'string' && /^sha256:[0-9a-f]{64}$/.test(digest)) return digest;
  const get = await client.request('GET', repository, `manifests/${encodeURIComponent(tag)}`, { headers });
  if (get.status !== 200) throw new StackError(`${client.registry}/${repository}:${tag}: HTTP ${get.status}: ${errorText(get)}`, [], 3);
  return `sha256:${createHash('sha256').update(get.body).digest('hex')}`;
}
