import * as z from 'zod';
import { COMPONENT_LIST, type Components } from '../components/registry.js';
import { toggle } from './component-schema.js';
import { kubernetesSchema } from '../schema/kubernetes-schema.js';
import { ruleGroupSchema } from './rules-schema.js';
import { freeForm } from '../schema/schema-parts.js';

const datasourceSchema = z
  .strictObject({
    uid: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).optional(),
    name: z.string().min(1).optional(),
    type: z.string().min(1).optional(),
    url: z.string().min(1).optional(),
    access: z.enum(['proxy', 'direct']).optional(),
    isDefault: z.boolean().optional(),
    editable: z.boolean().optional(),
    jsonData: freeForm(z.record(z.string(), z.unknown())).optional(),
    queryLanguage: z.enum(['promql', 'logql', 'traceql']).optional(),
  })
  .describe('a datasource to add, or (same uid or name) fields to override in a generated one');

const dashboardSchema = z
  .custom<unknown>((v) => typeof v === 'object' && v !== null, { error: 'expected a Foundation SDK dashboard builder or a dashboard JSON object' })
  .describe('a Grafana Foundation SDK dashboard builder, a dashboard JSON model, or { folder, dashboard }');

type ComponentShape = { [K in keyof Components]: ReturnType<typeof toggle<Components[K]['options']>> };
const componentShape = Object.fromEntries(
  COMPONENT_LIST.map((def) => [def.name, toggle(def)]),
) as unknown as ComponentShape;

/** The schema of a stack definition (`grafana-stack.config.*`). */
export const stackSchema = z.strictObject({
  $schema: z.string().optional().describe('JSON Schema reference for editors; ignored'),
  name: z
    .string()
    .regex(/^[a-z]([-a-z0-9]{0,38}[a-z0-9])?$/, 'expected a DNS label: lowercase letters, digits and -, starting with a letter')
    .default('grafana-stack')
    .describe('stack name: used in unit names, labels and the Kubernetes namespace'),
  bindAddress: z
    .union([z.ipv4(), z.ipv6()], { error: 'expected an IP address such as "127.0.0.1"' })
    .default('127.0.0.1')
    .describe('address native services listen on'),
  ...componentShape,
  datasources: z.array(datasourceSchema).default([]),
  dashboards: z.array(dashboardSchema).default([]),
  overviewDashboard: z.boolean().default(true).describe('provision the built-in stack overview dashboard'),
  rules: z.array(ruleGroupSchema).default([]).describe('Prometheus rule groups, loaded by the metrics backend'),
  kubernetes: kubernetesSchema,
  images: z
    .enum(['official', 'built'])
    .default('official')
    .describe(
      "images of Compose, Kubernetes and Helm: official (each vendor's image, pinned by digest in the lock) or built (the project's own minimal images: `grafana-stack images`, `images --push REGISTRY` for clusters)",
    ),
});

/** A stack definition as written by a user (every key optional). */
export type StackConfig = z.input<typeof stackSchema>;
/** A stack definition after schema defaults, before resolution. */
export type ParsedStackConfig = z.output<typeof stackSchema>;
