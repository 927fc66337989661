import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { StoreEntry } from '../artifacts/store.js';
import { CONTAINER } from '../model/container.js';
import { ADDON_DIR } from '../model/service-plan.js';
import { withParents, type LayerEntry } from './tar-writer.js';

const owner = { uid: CONTAINER.uid, gid: CONTAINER.gid };

/**
 * The layer every image shares: a nonroot user and group, CA certificates, tzdata, a
 * world-writable /tmp (mode 1777) and the healthcheck probe. No shell, no package
 * manager, no libc: the components are static binaries.
 */
export function baseLayer(base: StoreEntry): LayerEntry[] {
  const text = (path: string, content: string): LayerEntry => ({ type: 'file', path, mode: 0o644, content: Buffer.from(content) });
  const entries: LayerEntry[] = [
    text('etc/passwd', `root:x:0:0:root:/root:/sbin/nologin\n${CONTAINER.user}:x:${CONTAINER.uid}:${CONTAINER.gid}:${CONTAINER.user}:/home/${CONTAINER.user}:/sbin/nologin\n`),
    text('etc/group', `root:x:0:\n${CONTAINER.user}:x:${CONTAINER.gid}:\n`),
    // Go's resolver reads it: hosts files first, then DNS (Compose and Kubernetes names).
    text('etc/nsswitch.conf', 'hosts: files dns\n'),
    { type: 'file', path: CONTAINER.caBundle.slice(1), mode: 0o644, content: { from: join(base.dir, 'ca-certificates.crt') } },
    { type: 'file', path: CONTAINER.probe.slice(1), mode: 0o755, content: { from: join(base.dir, 'grafana-stack-probe') } },
    { type: 'dir', path: 'tmp', mode: 0o1777 },
    { type: 'dir', path: 'root', mode: 0o700 },
    { type: 'dir', path: `home/${CONTAINER.user}`, mode: 0o750, ...owner },
    { type: 'dir', path: 'var/lib', mode: 0o755 },
    { type: 'dir', path: 'run/secrets', mode: 0o755 },
  ];
  for (const f of Object.keys(base.files)) {
    if (f.startsWith('zoneinfo/')) entries.push({ type: 'file', path: `usr/share/${f}`, mode: 0o644, content: { from: join(base.dir, f) } });
  }
  return withParents(entries);
}

/**
 * A component's layer: its binary and runtime assets under `/opt/<component>` (other
 * binaries of the artifact, such as promtool, stay out), and each service's data
 * directories owned by the nonroot user, so a fresh Docker volume mounted there inherits
 * that owner.
 */
export function componentLayer(component: string, binary: string, artifact: StoreEntry, dataDirs: readonly string[]): LayerEntry[] {
  const root = CONTAINER.artifactDir(component).slice(1);
  const entries: LayerEntry[] = [];
  for (const f of Object.keys(artifact.files)) {
    const isAsset = f.includes('/');
    if (!isAsset && f !== binary) continue;
    entries.push({ type: 'file', path: `${root}/${f}`, mode: f === binary ? 0o755 : 0o644, content: { from: join(artifact.dir, f) } });
  }
  for (const d of dataDirs) entries.push({ type: 'dir', path: d.slice(1), mode: 0o750, ...owner });
  // Parents of data directories are root's (var/lib is in the base layer, so it is not repeated).
  return withParents(entries).filter((e) => !(e.type === 'dir' && (e.path === 'var' || e.path === 'var/lib')));
}

/**
 * The addons of a component's services (Grafana plugins), each under
 * `/opt/addons/<name>`, read-only to the nonroot user like the artifact itself.
 */
export function addonLayer(addons: readonly { name: string; entry: StoreEntry }[]): LayerEntry[] {
  const entries: LayerEntry[] = [];
  for (const { name, entry } of addons) {
    const root = CONTAINER.addonDir(name).slice(1);
    for (const f of Object.keys(entry.files)) {
      if (!f.startsWith(`${ADDON_DIR}/`)) continue;
      const rel = f.slice(ADDON_DIR.length + 1);
      // Executable as unpacked into the store (the release provider marks backend plugins' gpx_*).
      const executable = (statSync(join(entry.dir, f)).mode & 0o100) !== 0;
      entries.push({ type: 'file', path: `${root}/${rel}`, mode: executable ? 0o755 : 0o644, content: { from: join(entry.dir, f) } });
    }
  }
  return withParents(entries);
}
