import { toYaml } from '../../formats/yaml.js';
import type { ServicePlan } from '../../model/service-plan.js';
import type { K8sObject } from '../kubernetes/workload.js';
import { secretsName } from '../kubernetes/workload.js';
import { valuesPath } from './template.js';
import { templateText } from './template.js';

/** Per-service secret values: a Secret of the user's, or values for the chart's own. */
export interface SecretValues {
  /** A Secret in the namespace holding every key: the chart then creates none for this service. */
  existingSecret: string;
  /** Values by key; a key left out is kept from the cluster, or generated, or (from the environment or a file) required. */
  values: Record<string, string>;
}

/** The services whose pods mount or read a Secret. */
export function withSecrets(plans: readonly ServicePlan[]): ServicePlan[] {
  return plans.filter((p) => p.secrets.length && p.placement !== 'every-node');
}

/** The expression naming a service's Secret: the user's existing one, else the chart's. */
export function secretNameExpr(service: string): string {
  return `${valuesPath(service, 'secrets', 'existingSecret')} | default ${JSON.stringify(secretsName(service))} | quote`;
}

/**
 * `templates/secrets.yaml`: the Secrets `render kubernetes` only references (`k8s apply`
 * creates those from the project), created by the chart so that `helm install` with
 * default values gives a working release. Each key: the value given in values, else the
 * one the cluster already has (`lookup`, so an upgrade keeps a generated password), else
 * a new random one for a generated secret; a secret the definition reads from the
 * environment or a file has no value the chart could invent, and the install fails
 * naming the value to set. With `existingSecret`, the pods use that Secret and the chart
 * creates none. Written as template text: every name in it is a component's (DNS labels
 * and key names), none comes from the definition's free text.
 */
export function secretsTemplate(plans: readonly ServicePlan[], namespace: string, labels: (service: string) => Record<string, string>): string {
  const blocks = withSecrets(plans).map((plan) => {
    const v = (...keys: string[]) => valuesPath(plan.name, 'secrets', ...keys);
    const name = secretsName(plan.name);
    const object: K8sObject = { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name, namespace, labels: labels(plan.name) } };
    const data = plan.secrets.map((s) => {
      const given = `(index ${v('values')} ${JSON.stringify(s.name)})`;
      const kept = `(index $old ${JSON.stringify(s.name)})`;
      const otherwise =
        'generate' in s.source
          ? `randAlphaNum ${Math.ceil((s.source.generate.bytes * 4) / 3)} | b64enc | quote`
          : `fail ${JSON.stringify(`${plan.name}: secret "${s.name}" (${s.description}) comes from outside the definition: set ${plan.name}.secrets.values.${s.name}, or name a Secret holding it in ${plan.name}.secrets.existingSecret`)}`;
      return `  ${s.name}: {{ if ${given} }}{{ ${given} | b64enc | quote }}{{ else if ${kept} }}{{ ${kept} | quote }}{{ else }}{{ ${otherwise} }}{{ end }}`;
    });
    return [
      `{{- if not ${v('existingSecret')} }}`,
      `{{- $old := (lookup "v1" "Secret" .Release.Namespace ${JSON.stringify(name)}).data | default dict }}`,
      `${toYaml(object).trimEnd()}`,
      'data:',
      ...data,
      '{{- end }}',
    ].join('\n');
  });
  return blocks.length ? `${blocks.join('\n---\n')}\n` : '';
}

/** NOTES.txt: where the services are, and how to read each credential the release holds (Grafana's admin password: how to log in). */
export function notes(plans: readonly ServicePlan[], namespace: string): string {
  const lines = plans.flatMap((p) => p.ports.filter((x) => x.expose && x.name === 'http').map((x) => `  kubectl -n ${namespace} port-forward svc/${p.name} ${x.port}   # http://127.0.0.1:${x.port}`));
  const secrets = withSecrets(plans).flatMap((p) =>
    p.secrets.map((s) => {
      const secret = `{{ ${secretNameExpr(p.name).replace(/ \| quote$/, '')} }}`;
      // Data is printed as data: a `{{` in it can never start a template action.
      return `  ${templateText(s.description)}:\n    kubectl -n ${namespace} get secret ${secret} -o jsonpath='{.data.${templateText(s.name)}}' | base64 -d; echo`;
    }),
  );
  const ns = JSON.stringify(namespace);
  const label = 'pod-security.kubernetes.io/enforce';
  return [
    // Helm's --create-namespace makes it without the Pod Security label render kubernetes gives it.
    `{{- $ns := lookup "v1" "Namespace" "" ${ns} }}`,
    `{{- if and $ns (ne (index ($ns.metadata.labels | default dict) "${label}" | default "") "restricted") }}`,
    `Namespace ${namespace} is not labelled for Pod Security "restricted" (every pod of this chart passes it):`,
    `  kubectl label namespace ${namespace} ${label}=restricted`,
    '',
    '{{- end }}',
    `The stack runs in namespace ${namespace}. Reach a service from this machine with:`,
    ...lines,
    ...(secrets.length ? ['', 'Credentials (the chart generates them on the first install and upgrades keep them, unless values or an existingSecret give them):', ...secrets] : []),
    '',
  ].join('\n');
}
