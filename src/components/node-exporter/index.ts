import { z } from 'zod';
import { defineComponent } from '../component.js';
import { nodeExporterArtifact } from './artifact.js';

export const nodeExporterOptions = z.strictObject({});

export const nodeExporter = defineComponent({
  name: 'node-exporter',
  title: 'Node exporter',
  defaultEnabled: false,
  ports: { http: { port: 9100, protocol: 'http', description: 'host metrics' } },
  options: nodeExporterOptions,
  artifact: nodeExporterArtifact,
  resources: { cpu: '250m', memory: '128Mi' },
  plan() {
    return [];
  },
});
