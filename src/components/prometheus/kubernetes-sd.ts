import * as z from 'zod';
import type { Value } from '../../model/refs.js';
import type { ClusterApiAccess } from '../../model/service-plan.js';

const namespaceName = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'expected a namespace name');

/** A scrape job that discovers its targets in the cluster instead of listing them. */
export const kubernetesDiscovery = z
  .strictObject({
    role: z.enum(['pod', 'endpointslice']).default('pod').describe('pod: annotated pods; endpointslice: the endpoints of annotated Services'),
    namespaces: z.array(namespaceName).min(1).optional().describe("namespaces to discover in (default: the stack's own)"),
  })
  .describe('discover targets through the Kubernetes API; only inside a cluster (elsewhere the job finds nothing)');

export type KubernetesDiscovery = z.output<typeof kubernetesDiscovery>;

/**
 * The prometheus.io/scrape, /path and /port annotation convention, which the Helm charts
 * and most exporters' manifests follow: a pod (or, for endpointslice, its Service) opts in
 * with `prometheus.io/scrape: "true"`. `labels` are the job's fixed labels.
 */
export function kubernetesScrapeConfig(d: KubernetesDiscovery, labels: Readonly<Record<string, string>>): Record<string, Value> {
  const object = d.role === 'pod' ? 'pod' : 'service';
  const annotation = (name: string) => `__meta_kubernetes_${object}_annotation_prometheus_io_${name}`;
  return {
    kubernetes_sd_configs: [{ role: d.role, namespaces: d.namespaces ? { names: [...d.namespaces] } : { own_namespace: true } }],
    relabel_configs: [
      { source_labels: [annotation('scrape')], action: 'keep', regex: 'true' },
      { source_labels: [annotation('path')], action: 'replace', regex: '(.+)', target_label: '__metrics_path__' },
      { source_labels: ['__address__', annotation('port')], action: 'replace', regex: '([^:]+)(?::\\d+)?;(\\d+)', replacement: '$1:$2', target_label: '__address__' },
      { action: 'labelmap', regex: `__meta_kubernetes_${object}_label_(.+)` },
      { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
      { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
      // Discovered targets have no static_configs to carry fixed labels: a rule each.
      ...Object.entries(labels).map(([name, value]) => ({ target_label: name, replacement: value, action: 'replace' })),
    ],
  };
}

/** Read access for these jobs: get/list/watch where they look, nothing cluster-wide. */
export function discoveryAccess(jobs: readonly KubernetesDiscovery[]): ClusterApiAccess | undefined {
  if (!jobs.length) return undefined;
  const namespaces = [...new Set(jobs.flatMap((j) => j.namespaces ?? ['own']))].sort();
  const verbs = ['get', 'list', 'watch'];
  return {
    namespaces,
    rules: [
      { apiGroups: [''], resources: ['pods', 'services', 'endpoints'], verbs },
      { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs },
    ],
  };
}
