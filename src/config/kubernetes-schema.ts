import { z } from 'zod';
import { quantitySchema } from './schema-parts.js';

const dnsLabel = z.string().regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, 'expected a DNS label: lowercase letters, digits and -, starting with a letter');
const dnsName = z.string().regex(/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, 'expected a DNS name such as "grafana.example.com"');
const labelMap = z.record(z.string().regex(/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, 'expected a label key'), z.string().max(63));

/** A pod toleration, as in the Kubernetes API (camelCase keys). */
export const tolerationSchema = z.strictObject({
  key: z.string().optional(),
  operator: z.enum(['Exists', 'Equal']).optional(),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
  tolerationSeconds: z.number().int().optional(),
});

export const ingressSchema = z
  .strictObject({
    host: dnsName.describe('host name the Ingress answers for'),
    className: z.string().min(1).optional().describe('IngressClass (default: the cluster default)'),
    tlsSecret: dnsLabel.optional().describe('TLS Secret (type kubernetes.io/tls) in the namespace; HTTPS when set'),
    annotations: z.record(z.string(), z.string()).optional().describe('annotations for the Ingress controller'),
    service: dnsLabel.optional().describe('the service behind the Ingress (default: proxy when it is enabled, else grafana)'),
    port: z.string().default('http').describe('its port, by name'),
  })
  .describe('an Ingress in front of Grafana (or another exposed service)');

/**
 * How the stack deploys to Kubernetes (`render kubernetes`, `render helm`, `k8s apply`):
 * the cluster-side parameters that are no component's business.
 */
export const kubernetesSchema = z
  .strictObject({
    namespace: dnsLabel.optional().describe('namespace of every object (default: the stack name)'),
    storageClass: dnsName.optional().describe('StorageClass of the data volumes (default: the cluster default)'),
    storage: z.record(dnsLabel, quantitySchema).default({}).describe('data volume size per service, e.g. { prometheus: "100Gi" }'),
    nodeSelector: labelMap.default({}).describe('node labels every pod requires'),
    tolerations: z.array(tolerationSchema).default([]).describe('taints every pod tolerates'),
    ingress: ingressSchema.optional(),
    registry: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9.:]*[a-z0-9])?(\/[a-z0-9]([-a-z0-9._]*[a-z0-9])?)*$/, 'expected a registry and path such as "registry.example.com/observability"')
      .optional()
      .describe('where the cluster pulls the images from: "registry.example.com/obs" gives registry.example.com/obs/grafana:<version> (push the `images` output there)'),
    imagePullPolicy: z
      .enum(['IfNotPresent', 'Always', 'Never'])
      .default('IfNotPresent')
      .describe('IfNotPresent runs images loaded into the nodes (kind, k3s, podman); Always re-checks registry credentials on every start (kube-score asks for it)'),
  })
  .default({ storage: {}, nodeSelector: {}, tolerations: [], imagePullPolicy: 'IfNotPresent' })
  .describe('Kubernetes deployment parameters');

export type KubernetesSettings = z.output<typeof kubernetesSchema>;

/** The settings with the Ingress' service decided (see resolve: the proxy when enabled). */
export type ResolvedKubernetesSettings = Omit<KubernetesSettings, 'ingress'> & {
  readonly ingress?: NonNullable<KubernetesSettings['ingress']> & { readonly service: string };
};

/**
 * The service an Ingress fronts unless the definition names one: the proxy when it is
 * enabled (it is the stack's one front door), else Grafana.
 */
export function defaultIngressService(components: Readonly<Record<string, unknown>>): string {
  return components.proxy ? 'proxy' : 'grafana';
}
