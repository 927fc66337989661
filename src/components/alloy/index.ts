import { z } from 'zod';
import { defineComponent } from '../component.js';
import { alloyArtifact } from './artifact.js';

export const alloyOptions = z.strictObject({});

export const alloy = defineComponent({
  name: 'alloy',
  title: 'Alloy',
  defaultEnabled: false,
  ports: {
    http: { port: 12345, protocol: 'http', description: 'UI, /metrics and readiness', expose: true },
    'otlp-grpc': { port: 14317, protocol: 'grpc', description: 'OTLP/gRPC receiver (traces, logs, metrics)', expose: true },
    'otlp-http': { port: 14318, protocol: 'http', description: 'OTLP/HTTP receiver (traces, logs, metrics)', expose: true },
  },
  options: alloyOptions,
  artifact: alloyArtifact,
  resources: { cpu: '1', memory: '1Gi' },
  plan() {
    return [];
  },
});
