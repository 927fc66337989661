import { createHash } from 'node:crypto';
import { writeTar, type Blob, type LayerEntry } from './tar-writer.js';

/** One layer written to disk: the file and what it is known by. */
export interface LayerBlob extends Blob {
  readonly file: string;
  readonly comment: string;
}

/** What the image runs and says about itself (the OCI image config's `config`). */
export interface ImageConfig {
  readonly architecture: 'amd64' | 'arm64';
  readonly user: string;
  readonly entrypoint: readonly string[];
  readonly env: readonly string[];
  readonly workingDir: string;
  readonly exposedPorts: readonly number[];
  readonly labels: Readonly<Record<string, string>>;
}

export interface ImageArchive {
  /** Digest of the OCI manifest (what a registry would call the image digest). */
  readonly digest: string;
  /** Digest of the config: Docker's image ID. */
  readonly imageId: string;
  /** Size of the archive in bytes. */
  readonly size: number;
}

const CREATED = '1970-01-01T00:00:00Z';
const MEDIA = {
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  index: 'application/vnd.oci.image.index.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  // Uncompressed: the digest is then the tar's own hash, independent of any zlib version.
  layer: 'application/vnd.oci.image.layer.v1.tar',
} as const;

function json(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

function digestOf(b: Buffer): string {
  return `sha256:${createHash('sha256').update(b).digest('hex')}`;
}

function blobPath(digest: string): string {
  return `blobs/sha256/${digest.slice('sha256:'.length)}`;
}

/**
 * Writes one image as a tar that is both an OCI image layout (skopeo's `oci-archive:`,
 * umoci once unpacked) and a `docker save` archive (its `manifest.json`), the combined
 * format `docker save` itself writes since Docker 25, which older engines load too.
 * The created time is the epoch, so the same layers give the same digests.
 */
export async function writeImageArchive(file: string, ref: string, layers: readonly LayerBlob[], c: ImageConfig): Promise<ImageArchive> {
  const config = json({
    architecture: c.architecture,
    os: 'linux',
    created: CREATED,
    config: {
      User: c.user,
      Entrypoint: c.entrypoint,
      Env: c.env,
      WorkingDir: c.workingDir,
      ExposedPorts: Object.fromEntries([...c.exposedPorts].sort((a, b) => a - b).map((p) => [`${p}/tcp`, {}])),
      Labels: c.labels,
      StopSignal: 'SIGTERM',
    },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.digest) },
    history: layers.map((l) => ({ created: CREATED, created_by: `grafana-stack: ${l.comment}` })),
  });
  const configDigest = digestOf(config);
  const manifest = json({
    schemaVersion: 2,
    mediaType: MEDIA.manifest,
    config: { mediaType: MEDIA.config, digest: configDigest, size: config.length },
    layers: layers.map((l) => ({ mediaType: MEDIA.layer, digest: l.digest, size: l.size })),
    annotations: { 'org.opencontainers.image.created': CREATED },
  });
  const manifestDigest = digestOf(manifest);
  const tag = ref.slice(ref.lastIndexOf(':') + 1);
  const index = json({
    schemaVersion: 2,
    mediaType: MEDIA.index,
    manifests: [
      {
        mediaType: MEDIA.manifest,
        digest: manifestDigest,
        size: manifest.length,
        annotations: { 'io.containerd.image.name': ref, 'org.opencontainers.image.ref.name': tag },
      },
    ],
  });
  const dockerManifest = json([{ Config: blobPath(configDigest), RepoTags: [ref], Layers: layers.map((l) => blobPath(l.digest)) }]);
  const entries: LayerEntry[] = [
    { type: 'file', path: 'oci-layout', mode: 0o644, content: json({ imageLayoutVersion: '1.0.0' }) },
    { type: 'file', path: 'index.json', mode: 0o644, content: index },
    { type: 'file', path: 'manifest.json', mode: 0o644, content: dockerManifest },
    { type: 'dir', path: 'blobs', mode: 0o755 },
    { type: 'dir', path: 'blobs/sha256', mode: 0o755 },
    { type: 'file', path: blobPath(configDigest), mode: 0o644, content: config },
    { type: 'file', path: blobPath(manifestDigest), mode: 0o644, content: manifest },
  ];
  const seen = new Set<string>();
  for (const l of layers) {
    if (seen.has(l.digest)) continue; // two identical layers are one blob
    seen.add(l.digest);
    entries.push({ type: 'file', path: blobPath(l.digest), mode: 0o644, content: { from: l.file } });
  }
  const written = await writeTar(file, entries);
  return { digest: manifestDigest, imageId: configDigest, size: written.size };
}
