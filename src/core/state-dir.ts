import { resolve } from 'node:path';

/**
 * A project's own state: `<project>/.grafana-stack/` (the native stack's config, data,
 * secrets, logs; image archives; the rendered Kubernetes objects `k8s apply` applies).
 */
export function nativeStateDir(projectDir: string): string {
  return resolve(projectDir, '.grafana-stack');
}
