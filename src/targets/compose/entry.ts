import { defineTarget } from '../target.js';

export default defineTarget({
  name: 'compose',
  description: 'a Docker Compose project (the official images, or those grafana-stack builds)',
  load: async () => (await import('./index.js')).composeTarget,
});
