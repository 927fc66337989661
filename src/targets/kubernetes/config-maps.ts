import { createHash } from 'node:crypto';
import type { RefResolver } from '../../model/refs.js';
import type { ServicePlan } from '../../model/service-plan.js';
import { StackError } from '../../core/errors.js';
import { configMapKeys, planFiles } from '../plan-files.js';
import type { K8sObject, WorkloadContext } from './workload.js';

/**
 * What one ConfigMap may weigh here, as the JSON of the whole object (data, keys and
 * metadata). The API server refuses a ConfigMap whose data is over 1 MiB (and etcd a
 * request over 1.5 MiB); the margin leaves room for the labels, the managed fields
 * server-side apply adds, and encodings a little larger than JSON.
 */
export const CONFIG_MAP_BUDGET = 900 * 1024;

/** Kubernetes' own limit on a ConfigMap's data, quoted in errors. */
const KUBERNETES_LIMIT = 1024 * 1024;

/**
 * A collection's ConfigMap ends at a file whose key hash picks it, once it holds this much:
 * its boundaries then depend on its own files only, so adding or changing a dashboard
 * changes its ConfigMap and seldom the next (content-defined chunking), rather than moving
 * every file after it.
 */
const CHUNK_MIN = 512 * 1024;
/** One file in this many ends a chunk (past CHUNK_MIN). */
const CHUNK_PICK = 8;

/** One file of a ConfigMap: its key, where it is mounted, its text. */
interface Entry {
  readonly key: string;
  readonly path: string;
  readonly content: string;
  readonly collection?: string;
}

/** A service's config as ConfigMaps, and how the pod mounts them. */
export interface ServiceConfig {
  /** The ConfigMaps: `<service>-config` first, then each collection's parts in key order. */
  readonly objects: readonly K8sObject[];
  /** sha256 of every ConfigMap's data: it goes into the pod template, so a changed config rolls the pods. */
  readonly checksum: string;
  /** The pod's `config` volume: the one ConfigMap, or all of them projected into one directory. */
  readonly volume: Record<string, unknown>;
}

/**
 * A service's config files as ConfigMaps. All in `<service>-config` when they fit; when they
 * do not, the files of each collection (dashboards, rule files: {@link PlanFile.collection})
 * move into `<service>-<collection>-<hash>` ConfigMaps (the hash is of the first key each
 * holds, so names survive additions elsewhere), and the pod mounts all of them as one
 * projected volume: every file stays at the path its config names. A ConfigMap that cannot
 * be brought under the limit (the main config, or one file, too large) is refused, naming
 * it, its size and a way out.
 */
export function configMaps(plan: ServicePlan, r: RefResolver, w: WorkloadContext): ServiceConfig {
  const files = planFiles(plan, r, '');
  // ConfigMap keys may not contain `/` (or a space, ...): the path stays in `items`.
  const keys = configMapKeys(files.map((f) => f.path), `${plan.name} config`);
  const entries: Entry[] = files.map((f, i) => {
    const collection = plan.files[i]!.collection;
    return { key: keys.get(f.path)!, path: f.path, content: f.content, ...(collection ? { collection } : {}) };
  });
  const main = `${plan.name}-config`;
  const whole = object(main, entries, plan, w);
  // The data's JSON, written once for both the size and the checksum: with a large stack's
  // dashboards it is megabytes.
  const data = JSON.stringify(whole.data);
  const groups = size(whole, data) <= CONFIG_MAP_BUDGET ? [{ name: main, entries }] : split(plan, w, entries);
  const objects = groups.map((g) => object(g.name, g.entries, plan, w));
  const checksum = createHash('sha256')
    .update(groups.length === 1 ? data : JSON.stringify(objects.map((o) => [o.metadata.name, o.data])))
    .digest('hex');
  const items = (g: { entries: readonly Entry[] }) => g.entries.map((e) => ({ key: e.key, path: e.path }));
  const volume =
    groups.length === 1
      ? { name: 'config', configMap: { name: main, items: items(groups[0]!) } }
      : { name: 'config', projected: { sources: groups.map((g) => ({ configMap: { name: g.name, items: items(g) } })) } };
  return { objects, checksum, volume };
}

function split(plan: ServicePlan, w: WorkloadContext, entries: readonly Entry[]): { name: string; entries: Entry[] }[] {
  const mainEntries = entries.filter((e) => !e.collection);
  const main = `${plan.name}-config`;
  const mainSize = size(object(main, mainEntries, plan, w));
  if (mainSize > CONFIG_MAP_BUDGET) {
    const largest = [...mainEntries].sort((a, b) => bytes(b.content) - bytes(a.content)).slice(0, 3);
    throw new StackError(
      `ConfigMap ${main} would be ${mib(mainSize)}, over the ${mib(CONFIG_MAP_BUDGET)} a ConfigMap may take here (Kubernetes refuses one over ${mib(KUBERNETES_LIMIT)}); ` +
        `its files are the service's main config, which cannot be split across ConfigMaps (largest: ${largest.map((e) => `${e.path} ${mib(bytes(e.content))}`).join(', ')}). ` +
        `Make them smaller (fewer or shorter entries in the definition), or run this service with a target that reads files without a size limit (native, systemd, compose)`,
    );
  }
  const groups = [{ name: main, entries: mainEntries }];
  const collections = [...new Set(entries.flatMap((e) => (e.collection ? [e.collection] : [])))].sort();
  for (const collection of collections) {
    const members = entries.filter((e) => e.collection === collection).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const base = object(`${plan.name}-${collection}-00000000`, [], plan, w);
    const empty = size(base);
    let chunk: Entry[] = [];
    let weight = empty;
    const close = () => {
      if (chunk.length) groups.push({ name: `${plan.name}-${collection}-${shortHash(chunk[0]!.key)}`, entries: chunk });
      chunk = [];
      weight = empty;
    };
    for (const e of members) {
      const cost = entryCost(e);
      if (empty + cost > CONFIG_MAP_BUDGET) {
        throw new StackError(
          `${plan.name}: ${e.path} is ${mib(bytes(e.content))}, more than one ConfigMap can hold (${mib(CONFIG_MAP_BUDGET)} here; Kubernetes refuses one over ${mib(KUBERNETES_LIMIT)}), so it cannot be mounted from the ConfigMaps of ${plan.name}'s ${collection}. ` +
            `Make it smaller (split it into several, or drop what it repeats), or run this service with a target that reads files without a size limit (native, systemd, compose)`,
        );
      }
      if (weight + cost > CONFIG_MAP_BUDGET) close();
      chunk.push(e);
      weight += cost;
      if (weight >= CHUNK_MIN && parseInt(shortHash(`end:${e.key}`), 16) % CHUNK_PICK === 0) close();
    }
    close();
  }
  // Two chunks starting with keys of one hash (or a collection named like another's chunk) would share a name.
  const names = new Set<string>();
  for (const g of groups) {
    if (names.has(g.name)) throw new Error(`two ConfigMaps of ${plan.name} are named ${g.name}`);
    names.add(g.name);
  }
  for (const g of groups.slice(1)) {
    const s = size(object(g.name, g.entries, plan, w));
    if (s > CONFIG_MAP_BUDGET) throw new Error(`ConfigMap ${g.name} came out at ${s} bytes, over the budget`);
  }
  return groups;
}

function object(name: string, entries: readonly Entry[], plan: ServicePlan, w: WorkloadContext): K8sObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: w.namespace, labels: w.labels(plan.name) }, data: Object.fromEntries(entries.map((e) => [e.key, e.content])) };
}

/**
 * Bytes of a ConfigMap as JSON: what the API server receives, near enough. `data` is the
 * JSON of its data when already written: its last key, so the whole is the rest around it.
 */
function size(o: K8sObject, data?: string): number {
  if (data === undefined) return bytes(JSON.stringify(o));
  return bytes(JSON.stringify({ ...o, data: 0 })) - 1 + bytes(data);
}

/** What one entry adds to the JSON of a ConfigMap: `"key":"content",`. */
function entryCost(e: Entry): number {
  return bytes(JSON.stringify(e.key)) + bytes(JSON.stringify(e.content)) + 2;
}

function bytes(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

function shortHash(s: string): string {
  return createHash('sha256').update(s).digest('hex').slice(0, 8);
}

function mib(n: number): string {
  if (n === KUBERNETES_LIMIT) return '1 MiB';
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MiB` : `${Math.ceil(n / 1024)} KiB`;
}
