import { defineTarget } from '../target.js';

export default defineTarget({
  name: 'helm',
  description: 'a Helm chart whose default values render the Kubernetes manifests',
  cli: { namespace: { type: 'string', value: 'NS', description: "the namespace instead of the definition's" } },
  images: 'cluster',
  load: async () => (await import('./index.js')).helmTarget,
});
