import * as z from 'zod';
import { defineComponent } from '../component.js';
import { GENERATED, service } from '../service.js';
import { httpUrlSchema, secretRefSchema } from '../../schema/schema-parts.js';
import { ref, t } from '../../model/refs.js';
import { grafanaArtifact } from './artifact.js';
import { grafanaIni } from './ini.js';
import { datasourceProvisioning, dashboardProvisioning, dashboardFiles, emptyProvisioning } from './provisioning.js';
import { pluginAddons, pluginSchema } from './plugins.js';

export const grafanaOptions = z.strictObject({
  adminUser: z.string().min(1).default('admin').describe('login of the initial admin user'),
  adminPassword: secretRefSchema
    .optional()
    .describe('admin password as { env } or { file }; generated once and kept in a 0600 file when left out'),
  secretKey: secretRefSchema
    .optional()
    .describe('key that encrypts datasource secrets; generated once when left out'),
  anonymous: z.boolean().default(false).describe('let visitors browse as Viewer without logging in'),
  rootUrl: httpUrlSchema.optional().describe('public URL when Grafana sits behind a proxy'),
  homeDashboard: z.string().optional().describe('uid of the home dashboard (default: the stack overview)'),
  plugins: z
    .array(pluginSchema)
    .default([])
    .describe('plugins by id and version, pinned by sha256 in the lock file and installed on every target')
    .refine((ps) => new Set(ps.map((p) => p.id)).size === ps.length, { error: 'a plugin id is listed twice' }),
});

export type GrafanaOptions = z.output<typeof grafanaOptions>;

export const grafana = defineComponent({
  name: 'grafana',
  title: 'Grafana',
  /** The newest stable upstream release (as of 2026-11-30; sources in ../shared/UPSTREAM.md): what `grafana.version` defaults to. */
  version: '13.2.3',
  defaultEnabled: true,
  ports: { http: { port: 3000, protocol: 'http', description: 'web UI and HTTP API', expose: true } },
  options: grafanaOptions,
  metrics: { port: 'http', path: '/metrics' },
  resources: { cpu: '1', memory: '512Mi' },
  // Read by grizzly, the Terraform provider and Grafana's own tooling.
  clientEnv: { GRAFANA_URL: { port: 'http' } },
  clientTools: {
    // `grafana cli` defaults to /var/lib/grafana/plugins, and without its config file it
    // writes logs under the homepath: the store entry. The overrides keep it out even then.
    'grafana-cli': {
      description: "Grafana's CLI (plugins, admin) on the native stack's config and plugin directory",
      binary: 'grafana',
      args: [
        'cli',
        '--homepath',
        ref.artifactDir(),
        '--config',
        ref.configFile('grafana.ini'),
        '--configOverrides',
        t`cfg:default.paths.data=${ref.dataDir()} cfg:default.paths.logs=${ref.dataDir('log')}`,
        '--pluginsDir',
        ref.dataDir('plugins'),
      ],
      // Grafana creates it on first start; `plugins install` before that would fail.
      dirs: [ref.dataDir('plugins')],
    },
  },
  artifact: grafanaArtifact,
  secrets: [
    { name: 'admin-password', description: 'password of the Grafana admin user', option: 'adminPassword', bytes: 18 },
    { name: 'secret-key', description: 'key that encrypts secrets stored by Grafana', option: 'secretKey', bytes: 32 },
  ],
  plan(stack, self) {
    const addons = pluginAddons(self.options.plugins);
    const base = service(this, self, {
        description: 'Grafana: dashboards and exploration for the stack',
        documentation: 'https://grafana.com/docs/grafana/latest/',
        args: ['server', '--homepath', ref.artifactDir(), '--config', ref.configFile('grafana.ini')],
        files: [
          { path: 'grafana.ini', format: 'ini', content: grafanaIni(stack, self), header: `${GENERATED} Stack "${stack.name}".` },
          datasourceProvisioning(stack),
          dashboardProvisioning(),
          ...emptyProvisioning(),
          ...dashboardFiles(stack),
        ],
        volumes: [{ name: 'data', description: 'SQLite database, plugins and sessions', size: '2Gi' }],
        health: { port: 'http', path: '/api/health', periodSeconds: 2, timeoutSeconds: 2, startupSeconds: 120 },
        // Not needed to start, but the datasources are only useful once their backends answer.
        // The proxy is in front of Grafana, not behind it (it depends on Grafana).
        dependsOn: Object.keys(stack.components).filter((c) => c !== 'grafana' && c !== 'proxy'),
    });
    return [addons.length ? { ...base, addons } : base];
  },
});
