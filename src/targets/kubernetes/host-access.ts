import type { ServicePlan } from '../../model/service-plan.js';
import { containerHostPath } from '../placement.js';
import type { K8sObject } from './workload.js';

/**
 * Services that read the host (ServicePlan.hostAccess: node-exporter's /proc, /sys and /)
 * need hostPath volumes, which Pod Security forbids at both `restricted` and `baseline`.
 * Rather than lower the stack's namespace, they get one of their own, `<namespace>-node`,
 * labelled `privileged` and holding nothing else; the stack's namespace stays `restricted`
 * with its default-deny policy. Their pods are otherwise as locked down as the rest:
 * non-root, no capabilities, no privilege escalation, a read-only root, host paths
 * mounted read-only, and no host PID or network namespace (so NetworkPolicies still apply
 * and Prometheus reaches them through a Service, from its namespace, by policy).
 */
export function hostAccessNamespace(namespace: string): string {
  return `${namespace}-node`;
}

/** Annotation on the namespace and the workload saying why they are apart. */
export const HOST_ACCESS_ANNOTATION = 'grafana-stack.dev/why-separate-namespace';

export function HOST_ACCESS_WHY(ns: string, stackNamespace: string | undefined, plan: Pick<ServicePlan, 'name' | 'hostAccess'>): string {
  const paths = plan.hostAccess!.paths.join(', ');
  return `${plan.name} runs in ${ns}${stackNamespace ? `, not ${stackNamespace},` : ''} because ${plan.hostAccess!.reason}: it mounts the host's ${paths} read-only (hostPath), which Pod Security "restricted" and "baseline" forbid, so only this namespace is "privileged" and the stack's stays "restricted".`;
}

/** The namespace of the host-access services: Pod Security `privileged` enforced, `restricted` audited and warned about elsewhere is unchanged. */
export function hostNamespaceObject(ns: string, stackNamespace: string, plan: ServicePlan, stackLabels: Record<string, string>): K8sObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: ns,
      labels: { ...stackLabels, 'pod-security.kubernetes.io/enforce': 'privileged' },
      annotations: { [HOST_ACCESS_ANNOTATION]: HOST_ACCESS_WHY(ns, stackNamespace, plan) },
    },
  };
}

/** The hostPath volumes and read-only mounts of a plan's host paths (`/` with HostToContainer propagation, so later mounts show). */
export function hostPathVolumes(plan: ServicePlan): { volumes: Record<string, unknown>[]; mounts: Record<string, unknown>[] } {
  const paths = plan.hostAccess?.paths ?? [];
  const name = (path: string) => (path === '/' ? 'host-root' : `host${path.replaceAll('/', '-')}`);
  return {
    volumes: paths.map((path) => ({ name: name(path), hostPath: { path, type: 'Directory' } })),
    mounts: paths.map((path) => ({ name: name(path), mountPath: containerHostPath(path), readOnly: true, ...(path === '/' ? { mountPropagation: 'HostToContainer' } : {}) })),
  };
}
