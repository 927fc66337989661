import { defineComponent, renderedFile } from '../component.js';
import { GENERATED, service } from '../service.js';
import { ref, t } from '../../model/refs.js';
import { alertmanagerArtifact } from './artifact.js';
import { alertmanagerConfig } from './config.js';
import { alertmanagerOptions } from './options.js';

export const alertmanager = defineComponent({
  name: 'alertmanager',
  title: 'Alertmanager',
  /** The newest stable upstream release (as of 2026-11-30; sources in ../shared/UPSTREAM.md): what `alertmanager.version` defaults to. */
  version: '0.35.0',
  defaultEnabled: false,
  // Single node: no cluster port (gossip is off, see args).
  ports: { http: { port: 9093, protocol: 'http', description: 'API (/api/v2) for Prometheus, Grafana and amtool', expose: true } },
  options: alertmanagerOptions,
  metrics: { port: 'http', path: '/metrics' },
  artifact: alertmanagerArtifact,
  validators: [{ name: 'amtool check-config', binary: 'amtool', files: renderedFile('alertmanager/alertmanager.yml'), args: (f) => ['check-config', f] }],
  resources: { cpu: '250m', memory: '256Mi' },
  clientTools: {
    // amtool reads its URL from a flag or a config file in $HOME, never from the environment.
    amtool: { description: "amtool pointed at this stack's Alertmanager", binary: 'amtool', args: [t`--alertmanager.url=${ref.url('alertmanager', 'http')}`] },
  },
  datasources: () => [
    {
      uid: 'alertmanager',
      name: 'Alertmanager',
      type: 'alertmanager',
      access: 'proxy',
      url: ref.url('alertmanager', 'http'),
      isDefault: false,
      editable: false,
      // Prometheus sends its alerts here; Grafana's own rules stay in Grafana's Alertmanager.
      jsonData: { implementation: 'prometheus', handleGrafanaManagedAlerts: false },
    },
  ],
  plan(_stack, self) {
    const { config, secrets } = alertmanagerConfig(self);
    const base = service(this, self, {
      description: 'Alertmanager: groups, routes, silences and sends the alerts of the stack',
      documentation: 'https://prometheus.io/docs/alerting/latest/alertmanager/',
      args: [
        t`--config.file=${ref.configFile('alertmanager.yml')}`,
        t`--storage.path=${ref.dataDir()}`,
        `--data.retention=${self.options.retention}`,
        t`--web.listen-address=${ref.listen(self.ports.http!)}`,
        // Empty turns gossip off: one instance, no peers to find, no port to open.
        '--cluster.listen-address=',
      ],
      files: [{ path: 'alertmanager.yml', format: 'yaml', content: config, header: GENERATED }],
      volumes: [{ name: 'data', description: 'silences and notification log', size: '1Gi' }],
      health: { port: 'http', path: '/-/ready', periodSeconds: 1, timeoutSeconds: 2, startupSeconds: 60 },
      stopGraceSeconds: 10,
    });
    return [{ ...base, secrets: [...base.secrets, ...secrets] }];
  },
});
