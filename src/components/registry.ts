import type { ComponentDefinition } from './component.js';
import { grafana } from './grafana/index.js';
import { prometheus } from './prometheus/index.js';
import { loki } from './loki/index.js';
import { tempo } from './tempo/index.js';
import { alertmanager } from './alertmanager/index.js';
import { mimir } from './mimir/index.js';
import { pyroscope } from './pyroscope/index.js';
import { proxy } from './proxy/index.js';
import { alloy } from './alloy/index.js';
import { nodeExporter } from './node-exporter/index.js';
import { kubeStateMetrics } from './kube-state-metrics/index.js';

/**
 * Every component, in the order they plan (start order comes from their dependencies).
 * Adding a component is a folder and its entry here: an import and a key. The schema of a
 * definition reads this synchronously (TypeScript definitions load it through jiti), so the
 * import is static; everything else about the component (version, options, ports, artifact,
 * official image, validators) comes from its folder. test/unit/extension.test.ts shows it.
 */
export const COMPONENTS = {
  grafana,
  prometheus,
  loki,
  tempo,
  alertmanager,
  mimir,
  pyroscope,
  alloy,
  'node-exporter': nodeExporter,
  'kube-state-metrics': kubeStateMetrics,
  // Last: it fronts every other service.
  proxy,
} as const;

export type Components = typeof COMPONENTS;
export const COMPONENT_NAMES = Object.keys(COMPONENTS) as (keyof Components)[];

/** The registry with component-specific option types erased, for generic code. */
export const COMPONENT_LIST = Object.values(COMPONENTS) as unknown as readonly ComponentDefinition[];

export function componentDefinition(name: string): ComponentDefinition | undefined {
  return COMPONENT_LIST.find((c) => c.name === name);
}
