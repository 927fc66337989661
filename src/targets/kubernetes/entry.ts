import { defineTarget } from '../target.js';

export default defineTarget({
  name: 'kubernetes',
  description: 'Kubernetes manifests, Pod Security "restricted" and kube-score clean',
  cli: { namespace: { type: 'string', value: 'NS', description: "the namespace instead of the definition's" } },
  images: 'cluster',
  load: async () => (await import('./index.js')).kubernetesTarget,
});
