import { isRef, type Ref, type Value } from '../../model/refs.js';
import type { ServicePlan } from '../../model/service-plan.js';
import { namesReference, portOf } from '../plan-files.js';
import { accessNamespaces } from './rbac.js';
import type { K8sObject, WorkloadContext } from './workload.js';
import { byCodeUnits } from '../../core/compare.js';

/** A connection one service makes to another, read off the plans' references. */
export interface Flow {
  readonly from: string;
  readonly to: string;
  readonly port: number;
}

/**
 * Every connection the stack makes: a plan that names another service's endpoint or URL
 * anywhere (config files, arguments, environment) connects to it. Reading the flows off the
 * references, rather than off `dependsOn`, gives the policy exactly the traffic the
 * configs cause: Grafana to its datasources, Prometheus to what it scrapes, Tempo's
 * remote-write to Prometheus.
 */
export function stackFlows(plans: readonly ServicePlan[]): Flow[] {
  const seen = new Map<string, Flow>();
  const visitRef = (from: string, r: Ref): void => {
    if (r.$ref === 'endpoint' || r.$ref === 'url') {
      const flow = { from, to: r.service, port: portOf(plans, r.service, r.port) };
      seen.set(`${flow.from}>${flow.to}:${flow.port}`, flow);
    } else if (r.$ref === 'concat') {
      for (const p of r.parts) if (typeof p !== 'string') visitRef(from, p);
    } else if (r.$ref === 'whenPlanned') {
      visit(from, r.value);
    }
  };
  const visit = (from: string, v: Value | undefined): void => {
    if (v === null || v === undefined || typeof v !== 'object') return;
    if (isRef(v)) return visitRef(from, v);
    for (const child of Array.isArray(v) ? v : Object.values(v)) visit(from, child as Value);
  };
  for (const plan of plans) {
    for (const f of plan.files) if (namesReference(f)) visit(plan.name, f.content);
    for (const a of plan.args) visit(plan.name, a);
    for (const e of Object.values(plan.env)) visit(plan.name, e);
  }
  return [...seen.values()].sort((a, b) => byCodeUnits(`${a.from}${a.to}${a.port}`, `${b.from}${b.to}${b.port}`));
}

/**
 * Default deny for the namespace, then per service: ingress from the services that
 * connect to it on the ports they use, ingress from anywhere on its published ports (the
 * Grafana UI, the push and OTLP receivers: what users and instrumented apps reach, and
 * what an Ingress controller or `kubectl port-forward` needs), egress to DNS and to the
 * services it connects to.
 */
export function networkPolicies(
  plans: readonly ServicePlan[],
  w: WorkloadContext,
  namespaceOf: (service: string) => string = () => w.namespace,
): { defaultDeny: K8sObject; defaultDenyIn: (namespace: string) => K8sObject; forService: (plan: ServicePlan) => K8sObject } {
  const flows = stackFlows(plans);
  const defaultDenyIn = (namespace: string): K8sObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny', namespace, labels: w.stackLabels },
    spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
  });
  const defaultDeny = defaultDenyIn(w.namespace);
  // A peer in the policy's own namespace by its pods; one in the other namespace (a host-access service) by both.
  const peer = (self: string, other: string): Record<string, unknown> =>
    namespaceOf(other) === namespaceOf(self)
      ? { podSelector: { matchLabels: w.selector(other) } }
      : { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': namespaceOf(other) } }, podSelector: { matchLabels: w.selector(other) } };
  const forService = (plan: ServicePlan): K8sObject => {
    const inbound = flows.filter((f) => f.to === plan.name);
    const outbound = flows.filter((f) => f.from === plan.name);
    const published = plan.ports.filter((p) => p.expose).map((p) => ({ port: p.port, protocol: 'TCP' }));
    const bySource = new Map<string, number[]>();
    for (const f of inbound) bySource.set(f.from, [...(bySource.get(f.from) ?? []), f.port]);
    const byTarget = new Map<string, number[]>();
    for (const f of outbound) byTarget.set(f.to, [...(byTarget.get(f.to) ?? []), f.port]);
    return {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: plan.name, namespace: namespaceOf(plan.name), labels: w.labels(plan.name) },
      spec: {
        podSelector: { matchLabels: w.selector(plan.name) },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          ...(published.length ? [{ ports: published }] : []),
          ...[...bySource].map(([from, ports]) => ({ from: [peer(plan.name, from)], ports: ports.map((port) => ({ port, protocol: 'TCP' })) })),
        ],
        egress: [
          { to: [{ namespaceSelector: {} }], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] },
          ...[...byTarget].map(([to, ports]) => ({ to: [peer(plan.name, to)], ports: ports.map((port) => ({ port, protocol: 'TCP' })) })),
          ...discoveryEgress(plan, w),
        ],
      },
    };
  };
  return { defaultDeny, defaultDenyIn, forService };
}

/**
 * A service that discovers through the API reaches the API server (not a pod, so no
 * selector names it: its ports, anywhere) and whatever it discovers in the namespaces it
 * reads, on any port, since the targets choose their ports by annotation.
 */
function discoveryEgress(plan: ServicePlan, w: WorkloadContext): Record<string, unknown>[] {
  if (!plan.clusterApi) return [];
  const namespaces = accessNamespaces(plan.clusterApi, w);
  return [
    { ports: [{ port: 443, protocol: 'TCP' }, { port: 6443, protocol: 'TCP' }] },
    {
      to: namespaces.map((n) =>
        n === w.namespace ? { podSelector: {} } : { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': n } }, podSelector: {} },
      ),
    },
  ];
}
