import { join } from 'node:path';
import { StackError } from '../core/errors.js';
import { writeOutput } from '../render/output.js';
import { nativeStateDir } from '../core/state-dir.js';
import type { StackBuild } from '../model/build.js';
import { stackImages } from '../images/image-refs.js';
import { kubernetesOptions } from '../targets/kubernetes/options.js';
import type { ServicePlan } from '../model/service-plan.js';
import { kubernetesManifests, manifestFiles, objectLabels, stackSelector, type KubernetesOptions, type Manifest } from '../targets/kubernetes/index.js';
import { projectImageSources } from '../images/image-sources.js';
import { secretsName } from '../targets/kubernetes/workload.js';
import { targetContext } from '../targets/target.js';
import { connectKubectl, kubectlOk, kubectlRun, type Kubectl, type KubectlOptions } from './kubectl.js';
import { secretObjects } from './secrets.js';

/**
 * The kinds `k8s apply` prunes and `k8s delete` removes: the ones it renders, plus the
 * Secrets it creates. Never Namespaces or PersistentVolumeClaims: those hold the data.
 */
export const MANAGED_KINDS = [
  'serviceaccounts',
  'configmaps',
  'secrets',
  'statefulsets.apps',
  'deployments.apps',
  'daemonsets.apps',
  'services',
  'poddisruptionbudgets.policy',
  'networkpolicies.networking.k8s.io',
  'roles.rbac.authorization.k8s.io',
  'rolebindings.rbac.authorization.k8s.io',
  'ingresses.networking.k8s.io',
] as const;

/** Server-side, one field manager, the definition wins conflicts: apply and diff must agree on all three. */
const SERVER_SIDE = ['--server-side', '--field-manager=grafana-stack', '--force-conflicts'];
const APPLY = ['apply', ...SERVER_SIDE];

export interface K8sOptions extends KubectlOptions {
  readonly build: StackBuild;
  readonly projectDir: string;
  /** The command line's parameters (a namespace), over the definition's. */
  readonly kubernetes: Partial<KubernetesOptions>;
  readonly log: (line: string) => void;
}

interface Rendered {
  readonly plans: readonly ServicePlan[];
  readonly dir: string;
  readonly namespace: string;
  readonly manifests: Manifest[];
  /** Every namespace the stack has objects in (its own, and where Roles go). */
  readonly namespaces: string[];
  readonly desired: Set<string>;
}

/** Renders into `.grafana-stack/kubernetes` (what is applied can be read there). */
async function render(o: K8sOptions): Promise<Rendered> {
  const plans = o.build.startOrder;
  const sources = await projectImageSources(o.projectDir);
  const options = kubernetesOptions(o.build.stack, { images: (audience) => stackImages(o.build.stack, audience, sources), cli: { namespace: o.kubernetes.namespace } });
  const ctx = targetContext(o.build);
  const manifests = kubernetesManifests(plans, ctx, options);
  const dir = join(nativeStateDir(o.projectDir), 'kubernetes');
  await writeOutput(dir, manifestFiles(manifests), { target: 'kubernetes', stack: o.build.stack.name });
  const objects = manifests.flatMap((m) => m.objects);
  const namespace = objects.find((x) => x.kind === 'Namespace')!.metadata.name as string;
  const namespaces = [...new Set(objects.map((x) => x.metadata.namespace as string | undefined).filter((n): n is string => Boolean(n)))].sort();
  const desired = new Set(objects.map((x) => objectKey(x.kind, x.metadata.namespace as string, x.metadata.name as string)));
  for (const p of plans) if (p.secrets.length) desired.add(objectKey('Secret', namespace, secretsName(p.name)));
  return { plans, dir, namespace, manifests, namespaces, desired };
}

const objectKey = (kind: string, namespace: string | undefined, name: string) => (namespace ? `${kind}/${namespace}/${name}` : `${kind}/${name}`);

/**
 * `k8s apply`: the Namespace first, then the Secrets (through stdin), then every object
 * with server-side apply (one field manager; the definition wins conflicts), then the
 * stack's objects that are no longer rendered are deleted, and the rollout is awaited.
 */
export async function k8sApply(o: K8sOptions & { wait: boolean; timeoutSeconds: number }): Promise<{ applied: number; pruned: string[] }> {
  const k = await connectKubectl(o);
  const r = await render(o);
  o.log(`applying stack "${o.build.stack.name}" to namespace ${r.namespace} (context "${k.context}"), rendered in ${r.dir}`);
  passThrough(o, await kubectlOk(k, [...APPLY, '-f', join(r.dir, 'namespace.yaml')], 'applying the namespace'));
  for (const s of await secretObjects(k, r.plans, { namespace: r.namespace, stateDir: nativeStateDir(o.projectDir), labels: (svc) => objectLabels(o.build.stack.name, svc), env: o.env })) {
    await kubectlOk(k, [...APPLY, '-f', '-'], `applying Secret ${s.name}`, s.json);
    o.log(`secret/${s.name} applied (values not shown)`);
  }
  const files = r.manifests.filter((m) => m.path !== 'namespace.yaml').flatMap((m) => ['-f', join(r.dir, m.path)]);
  passThrough(o, await kubectlOk(k, [...APPLY, ...files], 'applying the manifests'));
  const pruned = await prune(k, r, o);
  if (o.wait) await waitForRollout(k, r, o);
  return { applied: r.desired.size, pruned };
}

/** Exit code of `k8s diff`: 0 when the cluster matches, 1 when it differs. */
export async function k8sDiff(o: K8sOptions): Promise<number> {
  const k = await connectKubectl(o);
  const r = await render(o);
  const ns = await kubectlOk(k, ['get', 'namespace', r.namespace, '--ignore-not-found', '-o', 'name'], 'reading the namespace');
  if (!ns.trim()) {
    o.log(`namespace ${r.namespace} does not exist in context "${k.context}": apply would create all ${r.desired.size} objects`);
    for (const key of [...r.desired].sort()) o.log(`+ ${key}`);
    return 1;
  }
  const files = r.manifests.flatMap((m) => ['-f', join(r.dir, m.path)]);
  const diff = await kubectlRun(k, ['diff', ...SERVER_SIDE, ...files]);
  if (diff.code > 1) throw new StackError(`kubectl diff failed (exit ${diff.code}, context "${k.context}"):\n${diff.stderr.trim()}`, [], 1);
  if (diff.stdout) o.log(diff.stdout.trimEnd());
  const stale = await staleObjects(k, r, o.build.stack.name);
  for (const key of stale) o.log(`- ${key} (no longer in the definition: apply deletes it)`);
  o.log('Secrets are not compared: their values are not shown');
  return diff.code === 1 || stale.length ? 1 : 0;
}

/**
 * `k8s delete`: every object of the stack by its label, except the Namespace and the
 * PersistentVolumeClaims, which hold the data: deleting those is a separate, explicit act.
 */
export async function k8sDelete(o: K8sOptions): Promise<{ keptClaims: number; namespace: string }> {
  const k = await connectKubectl(o);
  const r = await render(o);
  for (const ns of r.namespaces) {
    passThrough(o, await kubectlOk(k, ['delete', MANAGED_KINDS.join(','), '-n', ns, '-l', stackSelector(o.build.stack.name), '--ignore-not-found', '--wait=true'], `deleting in namespace ${ns}`));
  }
  const claims = await kubectlOk(k, ['get', 'persistentvolumeclaims', '-n', r.namespace, '-l', stackSelector(o.build.stack.name), '-o', 'name'], 'listing the volume claims');
  return { keptClaims: claims.split('\n').filter(Boolean).length, namespace: r.namespace };
}

async function staleObjects(k: Kubectl, r: Rendered, stack: string): Promise<string[]> {
  const stale: string[] = [];
  for (const ns of r.namespaces) {
    const out = await kubectlOk(k, ['get', MANAGED_KINDS.join(','), '-n', ns, '-l', stackSelector(stack), '-o', 'json'], `listing the stack's objects in ${ns}`);
    for (const item of (JSON.parse(out) as { items: { kind: string; metadata: { name: string; namespace: string } }[] }).items) {
      const key = objectKey(item.kind, item.metadata.namespace, item.metadata.name);
      if (!r.desired.has(key)) stale.push(key);
    }
  }
  return stale.sort();
}

async function prune(k: Kubectl, r: Rendered, o: K8sOptions): Promise<string[]> {
  const stale = await staleObjects(k, r, o.build.stack.name);
  for (const key of stale) {
    const [kind, ns, name] = key.split('/') as [string, string, string];
    await kubectlOk(k, ['delete', kind, name, '-n', ns, '--ignore-not-found'], `pruning ${key}`);
    o.log(`pruned ${key}: no longer in the definition`);
  }
  return stale;
}

async function waitForRollout(k: Kubectl, r: Rendered, o: K8sOptions & { timeoutSeconds: number }): Promise<void> {
  const deadline = Date.now() + o.timeoutSeconds * 1000;
  const workloads = r.manifests.flatMap((m) => m.objects).filter((x) => x.kind === 'StatefulSet' || x.kind === 'Deployment' || x.kind === 'DaemonSet');
  for (const w of workloads) {
    const left = Math.max(1, Math.round((deadline - Date.now()) / 1000));
    const ref = `${w.kind.toLowerCase()}/${w.metadata.name as string}`;
    const started = Date.now();
    // Node agents (DaemonSets with host access) live in a namespace of their own.
    const ns = (w.metadata.namespace as string | undefined) ?? r.namespace;
    const res = await kubectlRun(k, ['rollout', 'status', ref, '-n', ns, `--timeout=${left}s`]);
    if (res.code !== 0) {
      throw new StackError(
        `${ref} did not become ready within ${o.timeoutSeconds} s (context "${k.context}"):\n${(res.stderr || res.stdout).trim()}\nsee \`kubectl -n ${ns} describe ${ref}\` and its pods' events; --timeout gives it longer, --no-wait skips waiting`,
        [],
        1,
      );
    }
    o.log(`${ref} rolled out (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

function passThrough(o: K8sOptions, output: string): void {
  for (const line of output.split('\n')) if (line.trim()) o.log(line);
}
