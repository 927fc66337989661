import type { OmittedService } from './placement.js';
import type { AddonRef, ServicePlan } from './service-plan.js';
import type { Stack } from './stack.js';

/**
 * The stack, planned once: what every later step of a command reads (render and its
 * targets, the artifact layer, the native run, Compose, Kubernetes). load -> validate ->
 * resolve gives the Stack; `buildStack` (plan/build.ts) adds the one planning of it and
 * the facts derived from the plans, so no step plans the stack again. Deep-frozen.
 */
export interface StackBuild {
  readonly stack: Stack;
  /** Every service of the stack, as the components planned them (in registry order). */
  readonly plans: readonly ServicePlan[];
  /** The same services, each after those it depends on: the order targets write and start them in. */
  readonly startOrder: readonly ServicePlan[];
  /**
   * What a host without a cluster runs (native, systemd, Compose): the plans without those
   * only a cluster runs (kube-state-metrics), and those left out with the reason to print;
   * in start order.
   */
  readonly host: { readonly plans: readonly ServicePlan[]; readonly omitted: readonly OmittedService[] };
  /** The components whose services such a host runs: those `up` and `compose up` fetch. */
  readonly hostComponents: readonly string[];
  /** Every addon of every service (Grafana's plugins). */
  readonly addons: readonly AddonRef[];
  /** The service (and port) an Ingress fronts when the definition names none: the proxy, else Grafana, if enabled. */
  readonly ingressDefault?: { readonly service: string; readonly port: string };
}
