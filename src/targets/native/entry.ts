import { defineTarget } from '../target.js';

export default defineTarget({
  name: 'native',
  description: 'processes on this machine, bound to loopback (what `up` runs)',
  load: async () => (await import('./index.js')).nativeTarget,
});
