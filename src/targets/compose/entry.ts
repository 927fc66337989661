import { defineTarget } from '../target.js';

export default defineTarget({
  name: 'compose',
  description: 'a Docker Compose project (the official images, or those grafana-stack builds)',
  images: 'compose',
  load: async () => (await import('./index.js')).composeTarget,
});
