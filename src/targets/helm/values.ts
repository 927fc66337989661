import { yamlDocument } from '../../formats/yaml.js';
import * as z from 'zod';
import { ingressSchema, tolerationSchema } from '../../schema/kubernetes-schema.js';
import { quantitySchema } from '../../schema/schema-parts.js';
import type { ServicePlan } from '../../model/service-plan.js';
import type { KubernetesOptions } from '../kubernetes/index.js';
import type { K8sObject } from '../kubernetes/workload.js';
import { withSecrets, type SecretValues } from './secrets.js';

/** Per-service values: what an SRE changes without re-rendering. */
export interface ServiceValues {
  replicas: number;
  image: { repository: string; tag: string; digest: string; pullPolicy: string };
  resources: Record<string, Record<string, string>>;
  storage?: Record<string, string>;
  secrets?: SecretValues;
}

/** The chart's values: defaults are exactly what `render kubernetes` wrote. */
export interface ChartValues {
  namespace: { create: boolean };
  storageClass: string;
  nodeSelector: Record<string, string>;
  tolerations: Record<string, unknown>[];
  ingress: { enabled: boolean; host: string; className: string; tlsSecret: string; annotations: Record<string, string> };
  [service: string]: unknown;
}

/**
 * The defaults, read off the rendered workloads (pull policy, resources, volume sizes) and
 * the images they were rendered with, so they are what `render kubernetes` wrote by
 * construction.
 */
export function defaultValues(plans: readonly ServicePlan[], o: KubernetesOptions, workloads: readonly K8sObject[]): ChartValues {
  const values: ChartValues = {
    namespace: { create: true },
    storageClass: o.storageClass ?? '',
    nodeSelector: { ...o.nodeSelector },
    tolerations: (o.tolerations ?? []).map((t) => ({ ...t })),
    ingress: {
      enabled: o.ingress !== undefined,
      host: o.ingress?.host ?? '',
      className: o.ingress?.className ?? '',
      tlsSecret: o.ingress?.tlsSecret ?? '',
      annotations: { ...o.ingress?.annotations },
    },
  };
  for (const plan of plans) {
    const w = workloads.find((x) => x.metadata.name === plan.name)!;
    const spec = w.spec as { replicas: number; template: { spec: { containers: Record<string, any>[] } }; volumeClaimTemplates?: Record<string, any>[] };
    const container = spec.template.spec.containers[0]!;
    const image = o.images(plan);
    const service: ServiceValues = {
      replicas: spec.replicas,
      image: { repository: image.repository, tag: image.tag, digest: image.digest ?? '', pullPolicy: container.imagePullPolicy },
      resources: structuredClone(container.resources),
      ...(spec.volumeClaimTemplates ? { storage: Object.fromEntries(spec.volumeClaimTemplates.map((t) => [t.metadata.name, t.spec.resources.requests.storage])) } : {}),
      ...(withSecrets([plan]).length ? { secrets: { existingSecret: '', values: {} } } : {}),
    };
    values[plan.name] = service;
  }
  return values;
}

const secretName = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'expected a Secret name');
const resources = z.strictObject({ cpu: quantitySchema, memory: quantitySchema, 'ephemeral-storage': quantitySchema.optional() });
const ingressFields = ingressSchema.shape;

/**
 * values.schema.json, from the same zod parts as the stack definition's `kubernetes` key
 * (quantities, tolerations, the Ingress fields), so `helm install --set` is checked as
 * strictly as the definition: an unknown key or a malformed quantity is refused.
 */
export function valuesSchema(plans: readonly ServicePlan[]): Record<string, unknown> {
  const services = Object.fromEntries(
    plans.map((plan) => [
      plan.name,
      z.strictObject({
        replicas: z.number().int().min(0).max(1).describe('0 stops the service; it runs one replica: its data is a local volume, not shared storage'),
        image: z.strictObject({
          repository: z.string().min(1).describe('where the cluster pulls the image from (a mirror of the official image, or where `grafana-stack images --push` put the built one)'),
          tag: z.string().min(1),
          digest: z.union([z.literal(''), z.string().regex(/^sha256:[0-9a-f]{64}$/)]).describe('the digest the image is pulled by ("" for the tag alone)'),
          pullPolicy: z.enum(['IfNotPresent', 'Always', 'Never']),
        }),
        resources: z.strictObject({ requests: resources, limits: resources }),
        ...(plan.volumes.length
          ? { storage: z.strictObject(Object.fromEntries(plan.volumes.map((v) => [v.name, quantitySchema.describe(`size of ${v.description}`)]))) }
          : {}),
        ...(withSecrets([plan]).length
          ? {
              secrets: z.strictObject({
                existingSecret: z.union([z.literal(''), secretName]).describe(`a Secret holding ${plan.secrets.map((s) => s.name).join(', ')}: the chart then creates none`),
                values: z.strictObject(Object.fromEntries(plan.secrets.map((s) => [s.name, z.string().min(1).optional().describe(s.description)]))),
              }),
            }
          : {}),
      }),
    ]),
  );
  const schema = z.strictObject({
    namespace: z.strictObject({ create: z.boolean().describe('manage the Namespace (labelled for Pod Security "restricted", kept on uninstall); false when you manage it yourself') }),
    storageClass: z.union([z.literal(''), z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/)]).describe('StorageClass of the data volumes ("" for the cluster default)'),
    nodeSelector: z.record(z.string(), z.string()),
    tolerations: z.array(tolerationSchema),
    ingress: z.strictObject({
      enabled: z.boolean(),
      host: z.union([z.literal(''), ingressFields.host]),
      className: z.string(),
      tlsSecret: z.union([z.literal(''), ingressFields.tlsSecret.unwrap()]),
      annotations: z.record(z.string(), z.string()),
    }),
    ...services,
  });
  const json = z.toJSONSchema(schema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
  return { ...json, title: 'values of a chart rendered by grafana-stack' };
}

/** values.yaml with a comment above each top-level key: the file is the chart's documentation. */
export function valuesYaml(values: ChartValues, plans: readonly ServicePlan[], namespace: string): string {
  const header = [
    ` Values of the "${namespace}" chart, rendered by grafana-stack from the stack definition.`,
    ' The defaults render exactly what `grafana-stack render kubernetes` writes; the configs',
    ' themselves are in the templates (change the definition and render again to change them).',
  ].join('\n');
  const notes: Record<string, string> = {
    namespace: ` The chart installs into namespace "${namespace}" only (helm install -n ${namespace} --create-namespace): its\n configs address the services as <service>.${namespace}.svc. create: the chart labels the Namespace for Pod Security\n "restricted" and keeps it on uninstall (its volumes hold the data); false when you manage it yourself.`,
    storageClass: ' StorageClass of every data volume ("" uses the cluster default).',
    nodeSelector: ' Node labels every pod requires.',
    tolerations: ' Taints every pod tolerates (Kubernetes toleration objects).',
    ingress: ' An Ingress in front of Grafana; HTTPS when tlsSecret names a kubernetes.io/tls Secret.',
  };
  for (const plan of plans) {
    const secrets = withSecrets([plan]).length ? `, secrets (values, or an existingSecret: ${plan.secrets.map((s) => s.name).join(', ')})` : '';
    notes[plan.name] = ` ${plan.description}: image (by digest when pinned), resources${plan.volumes.length ? ', volume sizes (fixed once installed)' : ''}${secrets}; replicas 0 or 1.`;
  }
  return yamlDocument(values, undefined, notes, header);
}
