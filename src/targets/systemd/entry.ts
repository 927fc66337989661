import { defineTarget } from '../target.js';

export default defineTarget({
  name: 'systemd',
  description: 'hardened systemd units for one host',
  cli: {
    prefix: { type: 'string', value: 'DIR', complete: 'dir', description: 'where the binaries are installed (default /opt/grafana-stack)' },
    'etc-dir': { type: 'string', value: 'DIR', complete: 'dir', description: 'where the configs are installed (default /etc/grafana-stack)' },
  },
  load: async () => (await import('./index.js')).systemdTarget,
});
