import { createHash } from 'node:crypto';
import { canonicalJson } from '../../core/canonical-json.js';
import { toYaml } from '../../formats/yaml.js';
import { documents, kubernetesManifests, objectLabels, type KubernetesOptions, type Manifest } from '../kubernetes/index.js';
import type { IngressOptions } from '../kubernetes/ingress.js';
import type { K8sObject } from '../kubernetes/workload.js';
import { RENDER_MARKER, targetContext, type OutputFile, type Target } from '../target.js';
import { kubernetesOptions } from '../kubernetes/options.js';
import { checkChartValues, scalar, templateText, templateYaml, valuesPath, yamlOf } from './template.js';
import { StackError } from '../../core/errors.js';
import { defaultValues, valuesSchema, valuesYaml } from './values.js';
import { notes, secretNameExpr, secretsTemplate } from './secrets.js';
import { secretsName } from '../kubernetes/workload.js';

export interface HelmOptions extends KubernetesOptions {
  /** The service (and port) the chart's optional Ingress fronts when the stack defines none. */
  readonly ingressDefault?: Pick<IngressOptions, 'service' | 'port'>;
}

/**
 * A Helm chart: the Kubernetes manifests as templates, with the few values an SRE changes
 * per cluster (images, resources, storage, scheduling, Ingress, replicas, secrets) drawn
 * from a small documented values.yaml and checked by values.schema.json. Default values
 * render the same objects as `render kubernetes` (a test runs `helm template` to prove
 * it), plus the Secrets those only reference: the chart creates them (templates/secrets.yaml),
 * so `helm install` with default values gives a working release.
 */
export const helmTarget: Target<HelmOptions> = {
  options: (build, r) => ({
    ...kubernetesOptions(build.stack, r),
    // The chart offers an Ingress (for the proxy, else Grafana) even when the definition has none.
    ...(build.ingressDefault ? { ingressDefault: build.ingressDefault } : {}),
  }),
  render(build, options) {
    const plans = build.startOrder;
    const ctx = targetContext(build);
    const ingressFor = options.ingress ?? (options.ingressDefault ? { host: 'x', ...options.ingressDefault } : undefined);
    // Every optional Ingress field present, so each one can be templated.
    const forTemplates: KubernetesOptions = {
      ...options,
      ...(ingressFor ? { ingress: { ...ingressFor, className: 'x', tlsSecret: 'x', annotations: { x: 'x' } } } : {}),
    };
    const manifests = kubernetesManifests(plans, ctx, forTemplates);
    const namespace = manifests[0]!.objects[0]!.metadata.name as string;
    // The namespace is written into template actions (the guard below): a DNS label, or nothing.
    if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) throw new StackError(`cannot write a Helm chart for namespace ${JSON.stringify(namespace)}: a namespace is a DNS label (lowercase letters, digits, -)`);
    // DaemonSets (node agents) are rendered as they are: one pod per node, the node's own scheduling, no per-service values yet.
    const valued = plans.filter((p) => p.placement !== 'every-node');
    const values = defaultValues(valued, options, manifests.flatMap((m) => m.objects.filter((o) => o.kind === 'StatefulSet' || o.kind === 'Deployment')));
    checkChartValues(values);
    const templates: OutputFile[] = [];
    for (const m of manifests) {
      const ingress = m.objects.find((o) => o.kind === 'Ingress');
      // The stack's Namespace is templated on its own; a host-access namespace (kubernetes/host-access.ts) is the chart's.
      const objects = m.objects.filter((o) => o.kind !== 'Ingress' && (o.kind !== 'Namespace' || m.path !== 'namespace.yaml')).map(templated);
      if (m.path === 'namespace.yaml') templates.push({ path: 'templates/namespace.yaml', content: namespaceTemplate(m, namespace) });
      templates.push({ path: `templates/${m.path === 'namespace.yaml' ? 'default-deny.yaml' : m.path}`, content: documents(objects, m.header, templateYaml) });
      if (ingress) templates.push({ path: 'templates/ingress.yaml', content: `{{- if .Values.ingress.enabled }}\n${templateYaml(ingressTemplate(ingress))}{{- end }}\n` });
    }
    const secrets = secretsTemplate(valued, namespace, (service) => objectLabels(ctx.stackName, service));
    if (secrets) templates.push({ path: 'templates/secrets.yaml', content: secrets });
    templates.push({ path: 'templates/NOTES.txt', content: notes(plans, namespace) });
    const version = createHash('sha256').update(canonicalJson({ templates, values })).digest('hex').slice(0, 12);
    const chart = {
      apiVersion: 'v2',
      name: ctx.stackName,
      description: `The "${ctx.stackName}" observability stack (${plans.map((p) => p.name).join(', ')}), rendered by grafana-stack`,
      type: 'application',
      // The build metadata is the content hash: every change of the definition is a new chart.
      version: `0.1.0+${version}`,
      annotations: { 'grafana-stack/namespace': namespace },
    };
    return [
      { path: 'Chart.yaml', content: toYaml(chart, 'Generated by grafana-stack: edit the definition, not this chart.') },
      { path: 'values.yaml', content: valuesYaml(values, valued, namespace) },
      { path: 'values.schema.json', content: `${JSON.stringify(valuesSchema(valued), null, 2)}\n` },
      // The render marker (which lets a later render replace this directory) is not part of the chart.
      { path: '.helmignore', content: `${RENDER_MARKER}\n` },
      ...templates,
    ];
  },
};

/** The values that vary per cluster, put in place of the rendered ones. */
function templated(o: K8sObject): K8sObject {
  if (o.kind !== 'StatefulSet' && o.kind !== 'Deployment') return o;
  const service = o.metadata.name as string;
  const v = (...keys: string[]) => valuesPath(service, ...keys);
  const spec = o.spec as Record<string, any>;
  const pod = spec.template.spec as Record<string, any>;
  const { containers, nodeSelector: _nodeSelector, tolerations: _tolerations, ...rest } = pod;
  const [container, ...sidecars] = containers as Record<string, any>[];
  const secretName = scalar(secretNameExpr(service));
  const withSecretName = (env: Record<string, any>[] | undefined) =>
    env?.map((e) => (e.valueFrom?.secretKeyRef?.name === secretsName(service) ? { ...e, valueFrom: { secretKeyRef: { ...e.valueFrom.secretKeyRef, name: secretName } } } : e));
  const volumes = (rest.volumes as Record<string, any>[] | undefined)?.map((vol) => (vol.secret?.secretName === secretsName(service) ? { ...vol, secret: { ...vol.secret, secretName } } : vol));
  return {
    ...o,
    spec: {
      ...spec,
      replicas: scalar(v('replicas')),
      template: {
        ...spec.template,
        spec: {
          ...rest,
          ...(volumes ? { volumes } : {}),
          nodeSelector: yamlOf('.Values.nodeSelector', '.Values.nodeSelector'),
          tolerations: yamlOf('.Values.tolerations', '.Values.tolerations'),
          containers: [
            {
              ...container,
              // repository:tag, and @digest when one is pinned.
              image: scalar(`printf "%s:%s%s" ${v('image', 'repository')} ${v('image', 'tag')} (ternary (printf "@%s" ${v('image', 'digest')}) "" (ne ${v('image', 'digest')} "")) | quote`),
              imagePullPolicy: scalar(`${v('image', 'pullPolicy')} | quote`),
              resources: yamlOf(v('resources')),
            },
            ...sidecars,
          ],
        },
      },
      ...(spec.volumeClaimTemplates
        ? {
            volumeClaimTemplates: (spec.volumeClaimTemplates as Record<string, any>[]).map((t) => {
              const { storageClassName: _sc, ...claim } = t.spec as Record<string, any>;
              return {
                ...t,
                spec: {
                  ...claim,
                  storageClassName: scalar('.Values.storageClass | quote', '.Values.storageClass'),
                  resources: { requests: { storage: scalar(`${v('storage', t.metadata.name)} | quote`) } },
                },
              };
            }),
          }
        : {}),
    },
  };
}

function ingressTemplate(o: K8sObject): K8sObject {
  const spec = o.spec as Record<string, any>;
  const rule = spec.rules[0] as Record<string, unknown>;
  return {
    ...o,
    metadata: { ...o.metadata, annotations: yamlOf('.Values.ingress.annotations', '.Values.ingress.annotations') },
    spec: {
      ingressClassName: scalar('.Values.ingress.className | quote', '.Values.ingress.className'),
      tls: yamlOf('(list (dict "hosts" (list .Values.ingress.host) "secretName" .Values.ingress.tlsSecret))', '.Values.ingress.tlsSecret'),
      rules: [{ ...rule, host: scalar('required "ingress.host is required when ingress.enabled is true" .Values.ingress.host | quote') }],
    },
  };
}

/**
 * The Namespace (unless `namespace.create` is false) and a guard: the configs address
 * services as `<service>.<namespace>.svc`, so the chart refuses another namespace rather
 * than start a stack whose services cannot find each other. `helm install` keeps its
 * release record in that namespace, so it is installed with `--create-namespace`; Helm
 * (3.22 and 4 alike) then takes the chart's Namespace over and applies its Pod Security
 * label. `helm uninstall` leaves it (resource-policy keep), as `k8s delete` does: its
 * PersistentVolumeClaims hold the data.
 */
function namespaceTemplate(m: Manifest, namespace: string): string {
  const ns = m.objects.find((o) => o.kind === 'Namespace')!;
  const guard = `{{- if ne .Release.Namespace ${JSON.stringify(namespace)} }}\n{{- fail (printf "this chart was rendered for namespace ${namespace} (its configs address services as <service>.${namespace}.svc), not %s: install it with -n ${namespace}, or render with --namespace %s" .Release.Namespace .Release.Namespace) }}\n{{- end }}\n`;
  const kept = { ...ns, metadata: { ...ns.metadata, annotations: { 'helm.sh/resource-policy': 'keep' } } };
  return `${guard}{{- if .Values.namespace.create }}\n${templateYaml(kept, m.header)}{{- end }}\n`;
}
