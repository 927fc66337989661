import * as z from 'zod';
import { storageSchema } from './schema-parts.js';
import {
  annotationsSchema,
  dns1123LabelSchema,
  dns1123SubdomainSchema,
  ingressHostSchema,
  labelValueSchema,
  namespaceSchema,
  qualifiedNameSchema,
} from './kubernetes-names.js';

const labelMap = z.record(qualifiedNameSchema, labelValueSchema);

/**
 * A pod toleration, as in the Kubernetes API (camelCase keys), with the API server's rules
 * (ValidateTolerations): an empty key needs operator Exists, Exists takes no value, Equal's
 * value is a label value, and tolerationSeconds goes only with the NoExecute effect.
 */
export const tolerationSchema = z
  .strictObject({
    key: qualifiedNameSchema.optional(),
    operator: z.enum(['Exists', 'Equal']).optional(),
    value: labelValueSchema.optional(),
    effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
    tolerationSeconds: z.number().int().optional(),
  })
  .superRefine((t, ctx) => {
    if (!t.key && t.operator !== 'Exists') {
      ctx.addIssue({ code: 'custom', path: ['operator'], message: 'a toleration without a key matches every taint and needs operator "Exists"' });
    }
    if (t.operator === 'Exists' && t.value) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `operator "Exists" takes no value, got ${JSON.stringify(t.value)}` });
    }
    if (t.tolerationSeconds !== undefined && t.effect !== 'NoExecute') {
      ctx.addIssue({ code: 'custom', path: ['tolerationSeconds'], message: 'tolerationSeconds needs effect "NoExecute"' });
    }
  });

export const ingressSchema = z
  .strictObject({
    host: ingressHostSchema.describe('host name the Ingress answers for'),
    className: dns1123SubdomainSchema.optional().describe('IngressClass (default: the cluster default)'),
    tlsSecret: dns1123SubdomainSchema.optional().describe('TLS Secret (type kubernetes.io/tls) in the namespace; HTTPS when set'),
    annotations: annotationsSchema.optional().describe('annotations for the Ingress controller'),
    service: dns1123LabelSchema.optional().describe('the service behind the Ingress (default: proxy when it is enabled, else grafana)'),
    port: z.string().min(1).default('http').describe('its port, by name'),
  })
  .describe('an Ingress in front of Grafana (or another exposed service)');

/**
 * How the stack deploys to Kubernetes (`render kubernetes`, `render helm`, `k8s apply`):
 * the cluster-side parameters that are no component's business.
 */
export const kubernetesSchema = z
  .strictObject({
    namespace: namespaceSchema.optional().describe('namespace of every object (default: the stack name)'),
    storageClass: dns1123SubdomainSchema.optional().describe('StorageClass of the data volumes (default: the cluster default)'),
    storage: z.record(dns1123LabelSchema, storageSchema).default({}).describe('data volume size per service, e.g. { prometheus: "100Gi" }'),
    nodeSelector: labelMap.default({}).describe('node labels every pod requires'),
    tolerations: z.array(tolerationSchema).default([]).describe('taints every pod tolerates'),
    ingress: ingressSchema.optional(),
    registry: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9.:]*[a-z0-9])?(\/[a-z0-9]([-a-z0-9._]*[a-z0-9])?)*$/, 'expected a registry and path such as "registry.example.com/observability"')
      .optional()
      .describe(
        'where the cluster pulls the images from: a mirror of the official images ("registry.example.com/obs" gives registry.example.com/obs/grafana/grafana:<tag>, and `lock` reads the digests there), or, with `images: built`, where `images --push` put them (registry.example.com/obs/grafana:<version>)',
      ),
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
