import { toYaml } from '../../formats/yaml.js';
import type { ServicePlan } from '../../model/service-plan.js';
import { refuseUnpullable, type ContainerImages } from '../container-image.js';
import { containerResolver } from '../container-resolver.js';
import { targetContext, type OutputFile, type Target, type TargetContext } from '../target.js';
import { kubernetesOptions } from './options.js';
import { StackError } from '../../core/errors.js';
import { ingress, type IngressOptions } from './ingress.js';
import { networkPolicies } from './network-policy.js';
import { roles } from './rbac.js';
import { configMaps } from './config-maps.js';
import { podTemplate, portName, type K8sObject, type WorkloadContext } from './workload.js';
import { HOST_ACCESS_ANNOTATION, HOST_ACCESS_WHY, hostAccessNamespace, hostNamespaceObject } from './host-access.js';

export interface KubernetesOptions {
  /** Namespace of every object (default: the stack's name). */
  readonly namespace?: string;
  /** StorageClass of the data volumes (default: the cluster's default class). */
  readonly storageClass?: string;
  /** Data volume size per service (default: each plan's suggestion). */
  readonly storage?: Readonly<Record<string, string>>;
  /** Node labels every pod requires. */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** Taints every pod tolerates, as in the Kubernetes API. */
  readonly tolerations?: readonly Readonly<Record<string, unknown>>[];
  readonly ingress?: IngressOptions;
  /** The image of each service: official or the project's own, where the cluster pulls it from. */
  readonly images: ContainerImages;
  readonly imagePullPolicy?: 'IfNotPresent' | 'Always' | 'Never';
}

/** The label every object carries, so `k8s apply` can prune by it. */
export const STACK_LABEL = 'app.kubernetes.io/part-of';

/** The labels every object of the stack carries: what `k8s apply` prunes by. */
export function stackLabels(stackName: string): Record<string, string> {
  return { [STACK_LABEL]: stackName, 'app.kubernetes.io/managed-by': 'grafana-stack' };
}

/** The labels of a service's objects (and of the Secrets `k8s apply` creates). */
export function objectLabels(stackName: string, service: string): Record<string, string> {
  return { 'app.kubernetes.io/name': service, 'app.kubernetes.io/instance': stackName, ...stackLabels(stackName) };
}

/** Selects every object of a stack that grafana-stack manages. */
export function stackSelector(stackName: string): string {
  return Object.entries(stackLabels(stackName)).map(([k, v]) => `${k}=${v}`).join(',');
}

/** One manifest file: its objects and the comment on top. */
export interface Manifest {
  readonly path: string;
  readonly header: string;
  readonly objects: readonly K8sObject[];
}

/**
 * Kubernetes manifests: `DIR/namespace.yaml` (the Namespace and its default-deny policy)
 * and `DIR/<service>.yaml` with the service's ServiceAccount, ConfigMap(s: split under the 1 MiB limit, see config-maps.ts), StatefulSet (a
 * Deployment when it keeps no data) with its headless Service, Service,
 * PodDisruptionBudget and NetworkPolicy, plus Roles where it reads the cluster API and
 * the optional Ingress. Secrets are referenced, never rendered: their values do not
 * belong in files that are reviewed and shared (`k8s apply` creates them).
 */
export const kubernetesTarget: Target<KubernetesOptions> = {
  options: (build, r) => kubernetesOptions(build.stack, r),
  render(build, options) {
    return manifestFiles(kubernetesManifests(build.startOrder, targetContext(build), options));
  },
};

/** Manifests as files: one YAML document per object. */
export function manifestFiles(manifests: readonly Manifest[]): OutputFile[] {
  return manifests.map((m) => ({ path: m.path, content: documents(m.objects, m.header) }));
}

/** The objects of every manifest file, as data (the Helm chart templates them). */
export function kubernetesManifests(plans: readonly ServicePlan[], ctx: TargetContext, options: KubernetesOptions): Manifest[] {
  refuseUnpullable(plans, options.images, 'Kubernetes');
  const namespace = options.namespace ?? ctx.stackName;
  const w: WorkloadContext = {
    namespace,
    labels: (service) => objectLabels(ctx.stackName, service),
    stackLabels: stackLabels(ctx.stackName),
    selector: (service) => ({ 'app.kubernetes.io/name': service, 'app.kubernetes.io/instance': ctx.stackName }),
    ...(options.storageClass ? { storageClass: options.storageClass } : {}),
    storage: options.storage ?? {},
    nodeSelector: options.nodeSelector ?? {},
    tolerations: options.tolerations ?? [],
    images: options.images,
    imagePullPolicy: options.imagePullPolicy ?? 'IfNotPresent',
  };
  for (const name of Object.keys(w.storage)) {
    const plan = plans.find((p) => p.name === name);
    if (!plan?.volumes.length) throw new StackError(`kubernetes.storage.${name}: ${plan ? `${name} keeps no data` : `no service "${name}" in the stack`}, so there is no volume to size`);
  }
  const ingressObject = options.ingress ? ingress(plans, options.ingress, w) : undefined;
  const header = (what: string) => `Stack "${ctx.stackName}": ${what}.\nGenerated by grafana-stack: edit the definition, not this file.`;
  const nsLabels = { ...stackLabels(ctx.stackName), 'pod-security.kubernetes.io/enforce': 'restricted' };
  // Services that read the host live in a namespace of their own (see host-access.ts).
  const nodeNamespace = hostAccessNamespace(namespace);
  const namespaceOf = (service: string) => (plans.find((p) => p.name === service)?.hostAccess ? nodeNamespace : namespace);
  const policies = networkPolicies(plans, w, namespaceOf);
  const manifests: Manifest[] = [
    { path: 'namespace.yaml', header: header('Namespace'), objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels: nsLabels } }, policies.defaultDeny] },
  ];
  for (const plan of plans) {
    const r = containerResolver(plans, plan, options.images(plan), (service) => `${service}.${namespaceOf(service)}.svc`, namespaceOf(plan.name));
    const ns = namespaceOf(plan.name);
    // A node agent runs on every node: the stack's node selection and tolerations are for its own pods.
    const wp: WorkloadContext = {
      ...w,
      namespace: ns,
      ...(plan.placement === 'every-node' ? { nodeSelector: { 'kubernetes.io/os': 'linux' }, tolerations: [{ operator: 'Exists' }] } : {}),
    };
    const config = configMaps(plan, r, wp);
    const apart = plan.hostAccess ? [hostNamespaceObject(ns, namespace, plan, w.stackLabels), policies.defaultDenyIn(ns)] : [];
    manifests.push({
      path: `${plan.name}.yaml`,
      header: header(plan.description) + (plan.hostAccess ? `\n${HOST_ACCESS_WHY(ns, namespace, plan)}` : ''),
      objects: [
        ...apart,
        { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: plan.name, namespace: ns, labels: w.labels(plan.name) }, automountServiceAccountToken: false },
        ...roles(plan, wp),
        ...config.objects,
        workload(plan, wp, podTemplate(plan, r, wp, config)),
        ...services(plan, wp),
        // A DaemonSet has one pod per node: there is nothing for a budget to keep available.
        ...(plan.placement === 'every-node'
          ? []
          : [{ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: plan.name, namespace: ns, labels: w.labels(plan.name) }, spec: { maxUnavailable: 1, selector: { matchLabels: w.selector(plan.name) } } }]),
        policies.forService(plan),
        ...(ingressObject && options.ingress?.service === plan.name ? [ingressObject] : []),
      ],
    });
  }
  return manifests;
}

function workload(plan: ServicePlan, w: WorkloadContext, template: Record<string, unknown>): K8sObject {
  const metadata = { name: plan.name, namespace: w.namespace, labels: w.labels(plan.name) };
  if (plan.placement === 'every-node') {
    if (plan.volumes.length) throw new StackError(`${plan.name}: a service on every node cannot keep data volumes (a DaemonSet has no volume claims)`);
    return {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: plan.hostAccess ? { ...metadata, annotations: { [HOST_ACCESS_ANNOTATION]: HOST_ACCESS_WHY(w.namespace, undefined, plan) } } : metadata,
      spec: { selector: { matchLabels: w.selector(plan.name) }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } }, template },
    };
  }
  if (!plan.volumes.length) {
    return { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { replicas: 1, selector: { matchLabels: w.selector(plan.name) }, template } };
  }
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata,
    spec: {
      replicas: 1,
      serviceName: `${plan.name}-headless`,
      podManagementPolicy: 'Parallel',
      selector: { matchLabels: w.selector(plan.name) },
      template,
      volumeClaimTemplates: plan.volumes.map((v) => ({
        metadata: { name: v.name, labels: w.labels(plan.name) },
        spec: { accessModes: ['ReadWriteOnce'], ...(w.storageClass ? { storageClassName: w.storageClass } : {}), resources: { requests: { storage: w.storage[plan.name] ?? v.size } } },
      })),
    },
  };
}

function services(plan: ServicePlan, w: WorkloadContext): K8sObject[] {
  const ports = plan.ports.map((p) => ({ name: portName(p.name), port: p.port, targetPort: portName(p.name), protocol: 'TCP' }));
  const svc = (name: string, headless: boolean): K8sObject => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: w.namespace, labels: w.labels(plan.name) },
    spec: { ...(headless ? { clusterIP: 'None', publishNotReadyAddresses: true } : { type: 'ClusterIP' }), selector: w.selector(plan.name), ports },
  });
  return plan.volumes.length ? [svc(plan.name, false), svc(`${plan.name}-headless`, true)] : [svc(plan.name, false)];
}

/** Objects as a multi-document YAML file, the header on top; `write` serializes one object. */
export function documents(objects: readonly K8sObject[], header: string, write: (o: K8sObject, header?: string) => string = toYaml): string {
  return objects.map((o, i) => (i === 0 ? write(o, header) : `---\n${write(o)}`)).join('');
}
