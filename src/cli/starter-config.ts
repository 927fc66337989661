/** What `grafana-stack init` writes: every common key, commented. */
export const STARTER_CONFIG = `// The whole observability stack, as typed code. Check it with \`grafana-stack check\`,
// see what it resolves to with \`grafana-stack config\`.
import { defineStack } from 'grafana-stack';

export default defineStack({
  // Used in unit names, labels and the Kubernetes namespace.
  name: 'my-stack',

  grafana: {
    port: 3000,
    // Leave the password out to have one generated and kept in .grafana-stack/secrets
    // (mode 0600), or point at an environment variable or a file:
    // adminPassword: { env: 'GRAFANA_ADMIN_PASSWORD' },
  },

  prometheus: {
    retention: '15d',
    // Your own services to scrape; the stack scrapes its own components already.
    scrape: [
      // { job: 'api', targets: ['127.0.0.1:8080'] },
    ],
  },

  loki: { retention: '7d' },

  // Traces via OTLP on 4317 (gRPC) and 4318 (HTTP); span metrics and the service graph
  // are written to Prometheus by Tempo's metrics generator.
  tempo: {},

  // Any component can be turned off with \`false\`, and takes \`settings\` that are
  // deep-merged into its generated native config for keys not modelled here, e.g.
  // loki: { settings: { limits_config: { max_query_series: 1000 } } },

  // Dashboards: Grafana Foundation SDK builders or dashboard JSON.
  dashboards: [],

  // Prometheus rule groups; every expression is syntax-checked before deploy.
  rules: [
    {
      name: 'stack',
      rules: [
        {
          alert: 'StackServiceDown',
          expr: 'up{stack="my-stack"} == 0',
          for: '5m',
          labels: { severity: 'warning' },
          annotations: { summary: '{{ $labels.job }} is down' },
        },
      ],
    },
  ],
});
`;

/** The SDK version this tool is built and tested with (package.json's dependency). */
export const FOUNDATION_SDK_VERSION = '0.0.21';

/** A package.json for a new project: the two packages a definition imports, for editor types. */
export function starterPackage(toolVersion: string): string {
  const pkg = {
    private: true,
    type: 'module',
    devDependencies: { 'grafana-stack': `^${toolVersion}`, '@grafana/grafana-foundation-sdk': FOUNDATION_SDK_VERSION },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** A tsconfig.json that lets an editor (and `tsc`) check the definition. */
export const STARTER_TSCONFIG = `${JSON.stringify({ compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, noEmit: true, skipLibCheck: true }, include: ['grafana-stack.config.ts'] }, null, 2)}\n`;
