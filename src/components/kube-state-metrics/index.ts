import { z } from 'zod';
import { defineComponent } from '../component.js';
import { kubeStateMetricsArtifact } from './artifact.js';

export const kubeStateMetricsOptions = z.strictObject({});

export const kubeStateMetrics = defineComponent({
  name: 'kube-state-metrics',
  title: 'kube-state-metrics',
  defaultEnabled: false,
  ports: {
    http: { port: 9102, protocol: 'http', description: 'object state metrics' },
    telemetry: { port: 9103, protocol: 'http', description: 'its own metrics and readiness' },
  },
  options: kubeStateMetricsOptions,
  artifact: kubeStateMetricsArtifact,
  resources: { cpu: '250m', memory: '256Mi' },
  plan() {
    return [];
  },
});
