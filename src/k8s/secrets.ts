import { StackError } from '../core/errors.js';
import type { ServicePlan } from '../model/service-plan.js';
import { secretsName } from '../targets/kubernetes/workload.js';
import { materializeNativeSecrets, readSecretValue } from '../targets/native/secrets.js';
import { kubectlRun, type Kubectl } from './kubectl.js';

/**
 * The `<service>-secrets` Secrets the manifests reference, as JSON for `kubectl apply -f -`.
 * Values come from where the definition says (environment, file) or, for generated ones,
 * from the cluster when it has them already: a generated Grafana secret key that changed
 * would make its encrypted data unreadable, so a second machine applying the same stack
 * keeps the cluster's value instead of its own.
 */
export async function secretObjects(
  k: Kubectl,
  plans: readonly ServicePlan[],
  o: { namespace: string; stateDir: string; labels: (service: string) => Record<string, string>; env: NodeJS.ProcessEnv },
): Promise<{ name: string; json: string }[]> {
  const withSecrets = plans.filter((p) => p.secrets.length);
  if (!withSecrets.length) return [];
  await materializeNativeSecrets(withSecrets, o.stateDir, o.env);
  const out: { name: string; json: string }[] = [];
  for (const plan of withSecrets) {
    const name = secretsName(plan.name);
    const existing = await existingData(k, o.namespace, name);
    const data: Record<string, string> = {};
    for (const s of plan.secrets) {
      if ('generate' in s.source && existing[s.name]) {
        data[s.name] = existing[s.name]!;
        continue;
      }
      data[s.name] = (await readSecretValue(o.stateDir, plan, s)).toString('base64');
    }
    const secret = { apiVersion: 'v1', kind: 'Secret', type: 'Opaque', metadata: { name, namespace: o.namespace, labels: o.labels(plan.name) }, data };
    out.push({ name, json: JSON.stringify(secret) });
  }
  return out;
}

async function existingData(k: Kubectl, namespace: string, name: string): Promise<Record<string, string>> {
  const r = await kubectlRun(k, ['get', 'secret', name, '-n', namespace, '-o', 'json', '--ignore-not-found']);
  if (r.code !== 0) throw new StackError(`reading Secret ${namespace}/${name} failed (context "${k.context}"):\n${r.stderr.trim()}`, [], 1);
  if (!r.stdout.trim()) return {};
  return ((JSON.parse(r.stdout) as { data?: Record<string, string> }).data ?? {});
}
