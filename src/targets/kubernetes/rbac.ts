import type { ClusterApiAccess, ServicePlan } from '../../model/service-plan.js';
import type { K8sObject, WorkloadContext } from './workload.js';

/** The namespaces a service reads, `own` resolved to the stack's namespace. */
export function accessNamespaces(access: ClusterApiAccess, w: WorkloadContext): string[] {
  return [...new Set(access.namespaces.map((n) => (n === 'own' ? w.namespace : n)))].sort();
}

/**
 * A Role and a RoleBinding in each namespace the service reads: read-only and never
 * cluster-wide, so discovery in one namespace cannot list the cluster's Secrets or pods.
 */
export function roles(plan: ServicePlan, w: WorkloadContext): K8sObject[] {
  if (!plan.clusterApi) return [];
  const name = `${w.namespace}-${plan.name}`;
  return accessNamespaces(plan.clusterApi, w).flatMap((namespace): K8sObject[] => [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name, namespace, labels: w.labels(plan.name) },
      rules: plan.clusterApi!.rules.map((r) => ({ apiGroups: [...r.apiGroups], resources: [...r.resources], verbs: [...r.verbs] })),
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name, namespace, labels: w.labels(plan.name) },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
      subjects: [{ kind: 'ServiceAccount', name: plan.name, namespace: w.namespace }],
    },
  ]);
}
