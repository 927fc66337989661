import { StackError } from '../../core/errors.js';
import type { ServicePlan } from '../../model/service-plan.js';
import { portName, type K8sObject, type WorkloadContext } from './workload.js';

/** An Ingress in front of one exposed service (Grafana by default). */
export interface IngressOptions {
  readonly host: string;
  readonly service: string;
  /** The service's port, by name. */
  readonly port: string;
  readonly className?: string;
  /** A `kubernetes.io/tls` Secret in the namespace: HTTPS when set. */
  readonly tlsSecret?: string;
  readonly annotations?: Readonly<Record<string, string>>;
}

/**
 * The Ingress routes to the Service's named port. The service's NetworkPolicy already
 * admits anyone on its published ports, which is what lets the controller (in its own
 * namespace, with labels we cannot know) reach the pods.
 */
export function ingress(plans: readonly ServicePlan[], o: IngressOptions, w: WorkloadContext): K8sObject {
  const plan = plans.find((p) => p.name === o.service);
  if (!plan) throw new StackError(`kubernetes.ingress.service: no service "${o.service}" in the stack (services: ${plans.map((p) => p.name).join(', ')})`);
  const port = plan.ports.find((p) => p.name === o.port);
  if (!port) throw new StackError(`kubernetes.ingress.port: ${plan.name} has no port "${o.port}" (ports: ${plan.ports.map((p) => p.name).join(', ')})`);
  if (!port.expose) throw new StackError(`kubernetes.ingress.port: ${plan.name}'s port "${o.port}" is internal; put an exposed port behind the Ingress`);
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: plan.name, namespace: w.namespace, labels: w.labels(plan.name), ...(o.annotations && Object.keys(o.annotations).length ? { annotations: { ...o.annotations } } : {}) },
    spec: {
      ...(o.className ? { ingressClassName: o.className } : {}),
      ...(o.tlsSecret ? { tls: [{ hosts: [o.host], secretName: o.tlsSecret }] } : {}),
      rules: [
        {
          host: o.host,
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: plan.name, port: { name: portName(port.name) } } } }] },
        },
      ],
    },
  };
}
