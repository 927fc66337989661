import { COMPONENT_LIST } from '../components/registry.js';
import { isStackError } from '../core/errors.js';
import { OFFICIAL_IMAGES } from '../images/official.js';
import { upstreamPath } from '../images/image-refs.js';
import { RegistryClient } from '../registry/client.js';
import { resolveDigest } from '../registry/manifests.js';
import { parseReference } from '../registry/reference.js';
import type { Stack } from '../model/stack.js';
import type { LockedImage } from './lockfile.js';

export interface ImagePinOptions {
  readonly update: boolean;
  /** Pin the disabled components too, at their default versions. */
  readonly all?: boolean;
  /** Read the digests from this registry (a mirror of the upstream paths) instead of upstream's. */
  readonly mirror?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly log?: (line: string) => void;
  /** Per request; a registry that does not answer is given up for the whole run. */
  readonly timeoutMs?: number;
}

/**
 * The lock's `images` key: each component's official image pinned by the digest its tag
 * points at, read from the registry's HTTP API (the OCI distribution API, anonymous
 * tokens as Docker Hub and registry.k8s.io hand them out, or the credentials `docker
 * login` stored). A pin is kept while the tag is the same, unless `update`; a disabled
 * component's pin is kept, as for the binaries. A registry that cannot be reached leaves
 * its images unpinned (the targets then reference them by tag and say so) rather than
 * failing the lock: pinning binaries must not depend on Docker Hub being up.
 */
export async function pinImages(stack: Stack, existing: Readonly<Record<string, LockedImage>> | undefined, o: ImagePinOptions): Promise<Record<string, LockedImage>> {
  const out: Record<string, LockedImage> = {};
  const clients = new Map<string, RegistryClient>();
  const unreachable = new Map<string, string>();
  for (const def of COMPONENT_LIST) {
    const image = OFFICIAL_IMAGES[def.name];
    const old = existing?.[def.name];
    const version = stack.components[def.name]?.version ?? (o.all ? def.version : undefined);
    if (!image || !version) {
      if (old) out[def.name] = old;
      continue;
    }
    const tag = image.tag(version);
    if (old && old.ref === image.repository && old.tag === tag && !o.update) {
      out[def.name] = old;
      continue;
    }
    const source = parseReference(o.mirror ? `${o.mirror.replace(/\/+$/, '')}/${upstreamPath(image.repository)}:${tag}` : `${image.repository}:${tag}`);
    const where = `${source.registry}/${source.repository}:${tag}`;
    const down = unreachable.get(source.registry);
    if (down) {
      o.log?.(`${def.name}: not pinning ${where}: ${down}`);
      if (old?.tag === tag && old.ref === image.repository) out[def.name] = old;
      continue;
    }
    let client = clients.get(source.registry);
    if (!client) clients.set(source.registry, (client = new RegistryClient(source.registry, { ...(o.env ? { env: o.env } : {}), timeoutMs: o.timeoutMs ?? 20_000 })));
    try {
      const digest = await resolveDigest(client, source.repository, tag);
      out[def.name] = { ref: image.repository, tag, digest };
      o.log?.(`${def.name}: ${where} is ${digest}`);
    } catch (e) {
      if (!isStackError(e)) throw e;
      // Exit code 3: the registry did not answer at all; give it up for the other images.
      if (e.exitCode === 3 && /cannot reach/.test(e.message)) unreachable.set(source.registry, e.message);
      o.log?.(`${def.name}: not pinning ${where}: ${e.message}`);
      if (old?.tag === tag && old.ref === image.repository) out[def.name] = old;
    }
  }
  return out;
}
