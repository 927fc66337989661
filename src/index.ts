/**
 * grafana-stack: a whole Grafana observability stack as typed code.
 * @packageDocumentation
 */
export { defineStack } from './define.js';
export type { StackConfig, ParsedStackConfig } from './config/schema.js';
export { stackSchema } from './config/schema.js';
export { stackJsonSchema } from './config/json-schema.js';
export { loadConfig, CONFIG_FILES } from './config/load.js';
export { resolveStack, type ResolveOptions } from './resolve/resolve.js';
export type { Stack, ResolvedComponent, Datasource, Dashboard, RuleGroup, Rule, AlertingRule, RecordingRule, QueryLanguage } from './model/stack.js';
export { planStack, startOrder } from './plan/plan.js';
export { buildStack, type StackBuild } from './plan/build.js';
export type { ServicePlan, PlanFile, PlanPort, PlanVolume, HealthCheck, Resources, PlanSecret, SecretSource, ArtifactRef } from './model/service-plan.js';
export { ref, t, type Ref, type Value, type Template } from './model/refs.js';
export { renderStack, type RenderOptions } from './render/render.js';
export { writeOutput } from './render/output.js';
export { checkQuery } from './queries/syntax.js';
export { checkStackQueries } from './queries/check.js';
export { StackError, isStackError, type Problem } from './core/errors.js';
export { DEFAULT_VERSIONS } from './versions.js';
export { COMPONENTS } from './components/registry.js';
export { TARGETS } from './targets/registry.js';
export type { DashboardInput } from './dashboards/normalize.js';
