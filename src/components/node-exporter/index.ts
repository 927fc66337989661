import * as z from 'zod';
import { defineComponent } from '../component.js';
import { nodeExporterArtifact } from './artifact.js';
import { service } from '../service.js';
import { ref, t } from '../../model/refs.js';

const collector = z.string().regex(/^[a-z][a-z0-9_.]*$/, 'expected a collector name such as "systemd" or "textfile"');

export const nodeExporterOptions = z.strictObject({
  enable: z.array(collector).default([]).describe('collectors to turn on besides the defaults (`--collector.<name>`), e.g. "processes"'),
  disable: z.array(collector).default([]).describe('default collectors to turn off (`--no-collector.<name>`)'),
});

export type NodeExporterOptions = z.output<typeof nodeExporterOptions>;

/**
 * Prometheus' node-exporter: the host's (or, in Kubernetes, every node's) CPU, memory,
 * disks, filesystems and network, scraped by the stack's Prometheus.
 */
export const nodeExporter = defineComponent({
  name: 'node-exporter',
  title: 'Node exporter',
  /** The newest stable upstream release (as of 2026-11-30; sources in ../shared/UPSTREAM.md): what `node-exporter.version` defaults to. */
  version: '1.12.1',
  defaultEnabled: false,
  ports: { http: { port: 9100, protocol: 'http', description: 'host metrics (/metrics)' } },
  options: nodeExporterOptions,
  settingsUnsupported: 'it is configured by flags, not a file; turn collectors on and off with `enable` and `disable`',
  metrics: { port: 'http', path: '/metrics' },
  artifact: nodeExporterArtifact,
  resources: { cpu: '250m', memory: '128Mi' },
  plan(_stack, self) {
    const o = self.options;
    const plan = service(
      this,
      self,
      {
        description: 'node-exporter: host metrics from /proc, /sys and the mounted filesystems',
        documentation: 'https://github.com/prometheus/node_exporter',
        args: [
          t`--web.listen-address=${ref.listen(self.ports.http!)}`,
          // The host's views: the paths themselves on the host, read-only mounts in a container.
          t`--path.procfs=${ref.hostPath('/proc')}`,
          t`--path.sysfs=${ref.hostPath('/sys')}`,
          t`--path.rootfs=${ref.hostPath('/')}`,
          ...o.enable.map((c) => `--collector.${c}`),
          ...o.disable.map((c) => `--no-collector.${c}`),
        ],
        files: [],
        volumes: [],
        // No /-/ready: the landing page answers once the HTTP server is up.
        health: { port: 'http', path: '/', periodSeconds: 1, timeoutSeconds: 2, startupSeconds: 30 },
        stopGraceSeconds: 5,
      },
    );
    return [
      {
        ...plan,
        artifact: { ...plan.artifact, binary: 'node_exporter' },
        placement: 'every-node',
        hostAccess: { paths: ['/proc', '/sys', '/'], reason: "it reports the host's CPU, memory, disks, filesystems and network, read from /proc, /sys and the mounted filesystems" },
      },
    ];
  },
});
