import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What a rendered chart adds to the objects `render kubernetes` writes: the Secrets the
 * pods read (the manifests only reference them) and a keep policy on its Namespace (so
 * `helm uninstall` leaves the data). Comparing the two, these are set aside.
 */
export function withoutChartExtras<T extends { kind: string; metadata: { annotations?: Record<string, string> } }>(objects: readonly T[]): T[] {
  return objects
    .filter((o) => o.kind !== 'Secret')
    .map((o) => {
      if (o.kind !== 'Namespace' || o.metadata.annotations?.['helm.sh/resource-policy'] !== 'keep') return o;
      const { annotations: _keep, ...metadata } = o.metadata;
      return { ...o, metadata } as T;
    });
}

/**
 * The secret values a chart requires (those the definition reads from the environment or a
 * file: no chart could invent them), each as `--set-string` with a test value.
 */
export function requiredSecrets(chart: string): string[] {
  const file = join(chart, 'templates/secrets.yaml');
  if (!existsSync(file)) return [];
  return [...new Set([...readFileSync(file, 'utf8').matchAll(/set ([a-z-]+\.secrets\.values\.[a-z0-9-]+)/g)].map((m) => m[1]!))].flatMap((k) => ['--set-string', `${k}=test-${k}`]);
}
