import * as z from 'zod';
import { defineComponent } from '../component.js';
import { kubeStateMetricsArtifact } from './artifact.js';
import { service } from '../service.js';
import { ref, t } from '../../model/refs.js';

/**
 * The namespaced object kinds it reports, by API group: what a Role can grant in one
 * namespace. Cluster-scoped kinds (nodes, namespaces, persistentvolumes, ...) would need a
 * ClusterRole, and Secrets are left out on purpose (their metrics need list on Secrets).
 */
const RESOURCES: Readonly<Record<string, readonly string[]>> = {
  '': ['configmaps', 'limitranges', 'persistentvolumeclaims', 'pods', 'resourcequotas', 'services'],
  apps: ['daemonsets', 'deployments', 'replicasets', 'statefulsets'],
  autoscaling: ['horizontalpodautoscalers'],
  batch: ['cronjobs', 'jobs'],
  'networking.k8s.io': ['ingresses', 'networkpolicies'],
  policy: ['poddisruptionbudgets'],
};

const namespaceName = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected a namespace name (a DNS label)').max(63);

export const kubeStateMetricsOptions = z.strictObject({
  namespaces: z
    .array(namespaceName)
    .default([])
    .describe("namespaces watched besides the stack's own (each gets a read-only Role; never cluster-wide)"),
});

export type KubeStateMetricsOptions = z.output<typeof kubeStateMetricsOptions>;

/**
 * kube-state-metrics: the state of the Kubernetes objects in the stack's namespace (and
 * the ones listed) as metrics. Kubernetes only (it reads the cluster API); least
 * privilege: namespaced kinds only, through Roles in exactly the namespaces it watches.
 */
export const kubeStateMetrics = defineComponent({
  name: 'kube-state-metrics',
  title: 'kube-state-metrics',
  /** The newest stable upstream release (as of 2026-11-30; sources in ../shared/UPSTREAM.md): what `kube-state-metrics.version` defaults to. */
  version: '2.20.0',
  defaultEnabled: false,
  ports: {
    http: { port: 9102, protocol: 'http', description: 'object state metrics (/metrics)' },
    telemetry: { port: 9103, protocol: 'http', description: 'its own metrics and /readyz' },
  },
  options: kubeStateMetricsOptions,
  settingsUnsupported: 'it is configured by flags, not a file; the namespaces it watches are `namespaces`',
  metrics: { port: 'http', path: '/metrics' },
  artifact: kubeStateMetricsArtifact,
  resources: { cpu: '250m', memory: '256Mi' },
  plan(_stack, self) {
    const extra = self.options.namespaces;
    return [
      {
        ...service(this, self, {
          description: 'kube-state-metrics: Kubernetes object state of the stack namespace as metrics',
          documentation: 'https://github.com/kubernetes/kube-state-metrics',
          args: [
            t`--host=${ref.bindHost()}`,
            `--port=${self.ports.http!}`,
            t`--telemetry-host=${ref.bindHost()}`,
            `--telemetry-port=${self.ports.telemetry!}`,
            // Watched per namespace, so a Role in each is all it needs.
            t`--namespaces=${extra.length ? { $ref: 'concat', parts: [ref.namespace(), `,${extra.join(',')}`] } : ref.namespace()}`,
            `--resources=${Object.values(RESOURCES).flat().sort().join(',')}`,
          ],
          files: [],
          volumes: [],
          health: { port: 'telemetry', path: '/readyz', periodSeconds: 2, timeoutSeconds: 2, startupSeconds: 60 },
          stopGraceSeconds: 5,
          clusterApi: {
            namespaces: ['own', ...extra],
            rules: Object.entries(RESOURCES).map(([group, resources]) => ({ apiGroups: [group], resources: [...resources], verbs: ['list', 'watch'] })),
          },
        }),
        onlyIn: 'cluster',
      },
    ];
  },
});
