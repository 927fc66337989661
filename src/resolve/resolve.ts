import { COMPONENT_LIST } from '../components/registry.js';
import type { StackDraft } from '../components/component.js';
import { resourcesFromLimits } from '../components/resources.js';
import { defaultIngressService, type KubernetesSettings, type ResolvedKubernetesSettings } from '../schema/kubernetes-schema.js';
import { stackSchema, type ParsedStackConfig } from '../config/schema.js';
import { issuesToProblems } from '../schema/issues.js';
import { toPlainData } from '../config/plain-data.js';
import { deepFreeze } from '../core/deep-freeze.js';
import { StackError, type Problem } from '../core/errors.js';
import { normalizeDashboards } from '../dashboards/normalize.js';
import type { SecretSource } from '../model/service-plan.js';
import { mergeDatasources } from './datasources.js';
import { fileSafe as ruleFileStem } from '../components/prometheus/config.js';
import { allocatePorts } from './ports.js';
import type { Datasource, ResolvedComponent, Stack } from '../model/stack.js';
import type { KnownQueries } from '../queries/check.js';

export interface ResolveOptions {
  /** Where the config came from, for error messages. */
  readonly source?: string;
  /** Skip the query syntax check (it is part of `check`, and on by default). */
  readonly checkQueries?: boolean;
  /** Queries that parsed before with these grammars: not parsed again (see queries/check.ts). */
  readonly knownQueries?: KnownQueries;
}

type ComponentConfig = {
  version?: string;
  binary?: string;
  port?: number;
  ports?: Record<string, number | undefined>;
  resources?: { cpu?: string; memory?: string };
  settings?: Record<string, unknown>;
  [option: string]: unknown;
};

const COMMON_KEYS = new Set(['version', 'binary', 'port', 'ports', 'resources', 'settings']);

/**
 * config -> Stack: validates against the schema, then fills every default (versions,
 * ports, secrets, resources), cross-wires datasources, builds dashboards and checks every
 * query. Collects all problems and throws one {@link StackError} listing them.
 */
export async function resolveStack(input: unknown, opts: ResolveOptions = {}): Promise<Stack> {
  const where = opts.source ? ` in ${opts.source}` : '';
  // Library callers hand over objects too: read them once, as data (see plain-data.ts).
  const data = toPlainData(input ?? {}, opts.source);
  const parsed = stackSchema.safeParse(data);
  if (!parsed.success) {
    throw new StackError(`invalid stack definition${where}`, issuesToProblems(parsed.error.issues, data));
  }
  const config = parsed.data as ParsedStackConfig & Record<string, unknown>;
  const problems: Problem[] = [];

  const enabled = COMPONENT_LIST
    .filter((def) => (config[def.name] === undefined ? def.defaultEnabled : config[def.name] !== false))
    .map((def) => ({ def, config: (config[def.name] ?? {}) as ComponentConfig }));

  const ports = allocatePorts(enabled, problems);
  const components: Record<string, ResolvedComponent> = {};
  for (const { def, config: c } of enabled) {
    const options: Record<string, unknown> = {};
    const defaults = def.options.parse({}) as Record<string, unknown>;
    for (const [k, v] of Object.entries({ ...defaults, ...c })) if (!COMMON_KEYS.has(k)) options[k] = v;
    if (c.settings && def.settingsUnsupported) {
      problems.push({ path: `${def.name}.settings`, message: `${def.title} takes no free-form settings: ${def.settingsUnsupported}` });
    }
    const secrets: Record<string, SecretSource> = {};
    for (const s of def.secrets ?? []) {
      const given = s.option ? (optionAt(c, s.option) as SecretSource | undefined) : undefined;
      if (given) secrets[s.name] = given;
      else if (!s.onlyWhenGiven) secrets[s.name] = { generate: { bytes: s.bytes } };
    }
    components[def.name] = {
      name: def.name,
      version: c.version?.replace(/^v/, '') ?? def.version,
      ...(c.binary ? { binary: c.binary } : {}),
      ports: ports.get(def.name)!,
      resources: resourcesFromLimits({ ...def.resources, ...c.resources }),
      settings: c.settings ?? {},
      secrets,
      ...(def.metrics ? { metrics: def.metrics } : {}),
      options,
    };
  }

  if (config.rules.length && !components.prometheus) {
    problems.push({ path: 'rules', message: 'rules need a metrics backend: enable prometheus' });
  }
  const groupFiles = new Map<string, number>();
  config.rules.forEach((g, i) => {
    // One file per group, named after it: names that differ only in case or punctuation would share one.
    const file = ruleFileName(g.name);
    const first = groupFiles.get(file);
    if (first !== undefined) {
      const other = config.rules[first]!.name;
      problems.push({
        path: `rules[${i}].name`,
        message: other === g.name ? `group "${g.name}" is already defined by rules[${first}]` : `group "${g.name}" and rules[${first}] ("${other}") would share the rule file ${file}: rename one`,
      });
    } else groupFiles.set(file, i);
  });

  const draft: StackDraft = { name: config.name, bindAddress: config.bindAddress, components, rules: config.rules, images: config.images };
  const generated: Datasource[] = enabled.flatMap(({ def }) => def.datasources?.(draft, components[def.name]!) ?? []);
  const datasources = components.grafana ? mergeDatasources(generated, config.datasources, problems) : [];

  const dashboardInputs: unknown[] = [];
  if (components.grafana && config.overviewDashboard) {
    // Loaded here, not at the top: only a stack with Grafana's overview needs it (and the SDK behind it, only to build it anew).
    const { overviewDashboard } = await import('../dashboards/overview.js');
    dashboardInputs.push({ folder: 'grafana-stack', dashboard: overviewDashboard(config.name, new Set(Object.keys(components))) });
  }
  dashboardInputs.push(...config.dashboards);
  const dashboardProblems: Problem[] = [];
  const dashboards = normalizeDashboards(dashboardInputs, dashboardProblems);
  // The overview occupies index 0 when present: report user dashboards by their own index.
  const offset = dashboardInputs.length - config.dashboards.length;
  problems.push(...dashboardProblems.map((p) => ({ ...p, path: p.path.replace(/^dashboards\[(\d+)\]/, (_, n) => `dashboards[${Number(n) - offset}]`) })));
  if (config.dashboards.length && !components.grafana) {
    problems.push({ path: 'dashboards', message: 'dashboards need grafana: enable it' });
  }

  checkReferences(components, dashboards, problems);

  if (opts.checkQueries !== false) {
    const { checkStackQueries } = await import('../queries/check.js');
    const queries = await checkStackQueries({ rules: config.rules, datasources, dashboards }, opts.knownQueries);
    for (const p of queries.problems) problems.push(p);
  }
  const kubernetes = withIngressDefault(config.kubernetes, components);
  checkKubernetes(kubernetes, components, problems);
  if (problems.length) throw new StackError(`invalid stack definition${where}`, problems);

  return deepFreeze({ ...draft, datasources, dashboards, kubernetes });
}

function ruleFileName(group: string): string {
  return `rules/${ruleFileStem(group)}.yml`;
}

function withIngressDefault(k: KubernetesSettings, components: Record<string, ResolvedComponent>): ResolvedKubernetesSettings {
  if (!k.ingress) return k as ResolvedKubernetesSettings;
  return { ...k, ingress: { ...k.ingress, service: k.ingress.service ?? defaultIngressService(components) } };
}

/**
 * Names that must point at something that exists: the home dashboard, and scrape jobs that
 * would clash with the jobs the stack generates for its own services.
 */
function checkReferences(components: Record<string, ResolvedComponent>, dashboards: readonly { uid: string }[], problems: Problem[]): void {
  const home = components.grafana?.options.homeDashboard as string | undefined;
  if (home !== undefined && !dashboards.some((d) => d.uid === home)) {
    const uids = dashboards.map((d) => d.uid);
    problems.push({ path: 'grafana.homeDashboard', message: `no dashboard has uid ${JSON.stringify(home)} (${uids.length ? `uids: ${uids.join(', ')}` : 'the stack has no dashboards'})` });
  }
  const prometheus = components.prometheus;
  if (prometheus) {
    const own = new Set(Object.values(components).filter((c) => c.metrics).map((c) => c.name));
    const jobs = (prometheus.options.scrape ?? []) as readonly { job: string }[];
    jobs.forEach((j, i) => {
      if (own.has(j.job)) problems.push({ path: `prometheus.scrape[${i}].job`, message: `job "${j.job}" is the stack's own job for ${j.job}: choose another name` });
    });
  }
}

/** The value at a dotted option path (`storage.secretAccessKey`), if every step is an object. */
function optionAt(config: Record<string, unknown>, path: string): unknown {
  let v: unknown = config;
  for (const key of path.split('.')) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

/** The Kubernetes parameters name services: each must be enabled (and the Ingress' port exist). */
function checkKubernetes(k: ResolvedKubernetesSettings, components: Record<string, ResolvedComponent>, problems: Problem[]): void {
  const enabled = Object.keys(components).join(', ');
  for (const name of Object.keys(k.storage)) {
    if (!components[name]) problems.push({ path: `kubernetes.storage.${name}`, message: `"${name}" is not an enabled component (enabled: ${enabled})` });
  }
  if (k.ingress) {
    const c = components[k.ingress.service];
    if (!c) problems.push({ path: 'kubernetes.ingress.service', message: `"${k.ingress.service}" is not an enabled component (enabled: ${enabled})` });
    else if (c.ports[k.ingress.port] === undefined) {
      problems.push({ path: 'kubernetes.ingress.port', message: `${c.name} has no port "${k.ingress.port}" (ports: ${Object.keys(c.ports).join(', ')})` });
    }
  }
}
