import { posix } from 'node:path';

/**
 * Rendered Kubernetes objects -> what `podman kube play` (Debian's podman 4.3) runs. The
 * pod templates stay as rendered (image, args, env, securityContext, resources, probes);
 * only what podman 4.3 cannot play is reshaped, each for a reason found by trying:
 * - StatefulSet and Service are silently ignored: a StatefulSet becomes a Deployment
 *   with a PersistentVolumeClaim per volumeClaimTemplate.
 * - an emptyDir becomes a named volume by its name: each pod's `tmp` is renamed, or all
 *   pods would share one.
 * - a ConfigMap volume is written without creating directories: a ConfigMap with nested
 *   paths is split into one ConfigMap (and volume) per directory, the top one writable
 *   so the runtime can create the others' mount points in it.
 * - a secret volume without `optional` dereferences nil (volume.go:165), and ignores
 *   `items`: optional is set to false, and the podman secret is keyed by file name.
 * - readinessProbe is ignored: the health port gets a hostPort on 127.0.0.1, which the
 *   test polls as the kubelet would.
 */
export type Obj = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; spec?: any; data?: Record<string, string> };

export interface PodmanPlay {
  readonly objects: Obj[];
  /** Health URL of each workload, on its hostPort. */
  readonly ready: { service: string; url: string }[];
  /** The podman secrets to create: name -> file name -> value source (the rendered secret key). */
  readonly secrets: { name: string; files: { file: string; key: string }[] }[];
  readonly volumes: string[];
}

export function forPodman(objects: Obj[], firstHostPort: number): PodmanPlay {
  const configMaps = new Map(objects.filter((o) => o.kind === 'ConfigMap').map((o) => [o.metadata.name, o]));
  const out: Obj[] = [];
  const ready: PodmanPlay['ready'] = [];
  const secrets: PodmanPlay['secrets'] = [];
  const volumes: string[] = [];
  let port = firstHostPort;
  for (const o of objects.filter((x) => x.kind === 'StatefulSet' || x.kind === 'Deployment')) {
    const service = o.metadata.name;
    const template = structuredClone(o.spec.template);
    const pod = template.spec;
    const container = pod.containers[0];
    const podVolumes: any[] = [];
    const mounts: any[] = [];
    for (const v of pod.volumes) {
      const mount = container.volumeMounts.find((m: any) => m.name === v.name);
      if (v.emptyDir) {
        podVolumes.push({ name: `${service}-${v.name}`, emptyDir: {} });
        mounts.push({ ...mount, name: `${service}-${v.name}` });
        volumes.push(`${service}-${v.name}`);
      } else if (v.configMap) {
        const cm = configMaps.get(v.configMap.name)!;
        const byDir = new Map<string, { key: string; path: string }[]>();
        for (const item of v.configMap.items) byDir.set(posix.dirname(item.path), [...(byDir.get(posix.dirname(item.path)) ?? []), item]);
        for (const [dir, items] of byDir) {
          // runc creates the subdirectories' mount points inside the parent volume: it must be writable then.
          const readOnly = dir !== '.' || byDir.size === 1;
          const name = dir === '.' ? cm.metadata.name : `${cm.metadata.name}-${dir.replaceAll('/', '-')}`.toLowerCase();
          out.push({ ...cm, metadata: { ...cm.metadata, name }, data: Object.fromEntries(items.map((i) => [i.key, cm.data![i.key]!])) });
          podVolumes.push({ name, configMap: { name, items: items.map((i) => ({ key: i.key, path: posix.basename(i.path) })) } });
          mounts.push({ name, mountPath: posix.join(mount.mountPath, dir), readOnly });
          volumes.push(name);
        }
      } else if (v.secret) {
        podVolumes.push({ name: v.name, secret: { secretName: v.secret.secretName, optional: false } });
        mounts.push(mount);
        secrets.push({ name: v.secret.secretName, files: v.secret.items.map((i: any) => ({ file: i.path, key: i.key })) });
        volumes.push(v.secret.secretName);
      }
    }
    for (const claim of o.spec.volumeClaimTemplates ?? []) {
      const name = `${service}-${claim.metadata.name}`;
      out.push({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name, namespace: o.metadata.namespace }, spec: claim.spec });
      podVolumes.push({ name: claim.metadata.name, persistentVolumeClaim: { claimName: name } });
      mounts.push(container.volumeMounts.find((m: any) => m.name === claim.metadata.name));
      volumes.push(name);
    }
    pod.volumes = podVolumes;
    container.volumeMounts = mounts;
    const probe = container.readinessProbe.httpGet;
    const p = container.ports.find((x: any) => x.name === probe.port || x.containerPort === probe.port);
    p.hostPort = port;
    p.hostIP = '127.0.0.1';
    ready.push({ service, url: `http://127.0.0.1:${port}${probe.path}` });
    port++;
    out.push({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: o.metadata, spec: { replicas: 1, selector: o.spec.selector, template } });
  }
  return { objects: out, ready, secrets, volumes };
}
