import { CONTAINER } from '../../model/container.js';
import { resolveTemplate, type RefResolver } from '../../model/refs.js';
import type { ServicePlan } from '../../model/service-plan.js';
import { imageReference, type ContainerImages } from '../container-image.js';
import { portOf } from '../plan-files.js';
import type { ServiceConfig } from './config-maps.js';
import { hostPathVolumes } from './host-access.js';

/** Kubernetes object, as plain data. */
export type K8sObject = { apiVersion: string; kind: string; metadata: Record<string, unknown> } & Record<string, unknown>;

export interface WorkloadContext {
  readonly namespace: string;
  readonly labels: (service: string) => Record<string, string>;
  /** Labels of the objects that belong to no one service (the default-deny policy). */
  readonly stackLabels: Record<string, string>;
  readonly selector: (service: string) => Record<string, string>;
  readonly storageClass?: string;
  /** Data volume size per service, over the plan's suggestion. */
  readonly storage: Readonly<Record<string, string>>;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Readonly<Record<string, unknown>>[];
  readonly images: ContainerImages;
  readonly imagePullPolicy: string;
}


/**
 * The pod template: nonroot 65532 with fsGroup (volumes and secrets become readable by
 * it), seccomp RuntimeDefault, no privilege escalation, every capability dropped, a
 * read-only root with an emptyDir /tmp: Pod Security "restricted", and kube-score's
 * UID/GID above 10000, whatever user the image was made for (official images run as 472,
 * 65534, 10001 or root). The container runs the binary by its path in the image, never
 * the image's entrypoint script or default arguments, from its data directory (where
 * relative default paths then land). Readiness from the plan's health check; a startup
 * probe gives the first start its time; liveness is a TCP check, so a component that is
 * alive but not ready (a ring settling) is taken out of the Service, not restarted. All
 * three are the kubelet's own HTTP and TCP checks: nothing runs inside the image, which
 * may have no shell.
 */
export function podTemplate(plan: ServicePlan, r: RefResolver, w: WorkloadContext, config: Pick<ServiceConfig, 'checksum' | 'volume'>): Record<string, unknown> {
  const health = plan.health;
  const healthPort = portOf([plan], plan.name, health.port);
  const image = w.images(plan);
  const env: Record<string, unknown>[] = [
    ...Object.entries(image.env).filter(([name]) => !(name in plan.env)).map(([name, value]) => ({ name, value })),
    ...Object.entries(plan.env).map(([name, v]) => ({ name, value: resolveTemplate(v, r) })),
  ];
  const host = hostPathVolumes(plan);
  // A secret a program only reads from its environment: from the Secret, never a literal value.
  for (const [name, key] of Object.entries(plan.secretEnv ?? {})) env.push({ name, valueFrom: { secretKeyRef: { name: secretsName(plan.name), key } } });
  return {
    metadata: { labels: w.labels(plan.name), annotations: { 'checksum/config': config.checksum } },
    spec: {
      serviceAccountName: plan.name,
      // Only a service that reads the cluster API gets a token.
      automountServiceAccountToken: plan.clusterApi !== undefined,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: plan.stopGraceSeconds,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: CONTAINER.uid,
        runAsGroup: CONTAINER.gid,
        fsGroup: CONTAINER.gid,
        seccompProfile: { type: 'RuntimeDefault' },
      },
      ...(Object.keys(w.nodeSelector).length ? { nodeSelector: { ...w.nodeSelector } } : {}),
      ...(w.tolerations.length ? { tolerations: w.tolerations.map((t) => ({ ...t })) } : {}),
      containers: [
        {
          name: plan.name,
          image: imageReference(image),
          imagePullPolicy: w.imagePullPolicy,
          command: [image.command],
          args: plan.args.map((a) => resolveTemplate(a, r)),
          ...(plan.volumes.some((v) => v.name === 'data') ? { workingDir: CONTAINER.dataDir(plan.name, 'data') } : {}),
          ...(env.length ? { env } : {}),
          ports: plan.ports.map((p) => ({ name: portName(p.name), containerPort: p.port, protocol: 'TCP' })),
          resources: containerResources(plan),
          securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            runAsUser: CONTAINER.uid,
            runAsGroup: CONTAINER.gid,
            capabilities: { drop: ['ALL'] },
            seccompProfile: { type: 'RuntimeDefault' },
          },
          startupProbe: {
            httpGet: { path: health.path, port: healthPort },
            periodSeconds: health.periodSeconds,
            timeoutSeconds: health.timeoutSeconds,
            failureThreshold: Math.max(1, Math.ceil(health.startupSeconds / health.periodSeconds)),
          },
          readinessProbe: { httpGet: { path: health.path, port: healthPort }, periodSeconds: Math.max(health.periodSeconds, 5), timeoutSeconds: health.timeoutSeconds, failureThreshold: 3 },
          livenessProbe: { tcpSocket: { port: healthPort }, periodSeconds: 10, timeoutSeconds: health.timeoutSeconds, failureThreshold: 6 },
          volumeMounts: [
            { name: 'config', mountPath: CONTAINER.configDir(plan.name), readOnly: true },
            { name: 'tmp', mountPath: '/tmp' },
            ...plan.volumes.map((v) => ({ name: v.name, mountPath: CONTAINER.dataDir(plan.name, v.name) })),
            ...(plan.secrets.length ? [{ name: 'secrets', mountPath: '/run/secrets', readOnly: true }] : []),
            ...host.mounts,
          ],
        },
      ],
      volumes: [
        config.volume,
        { name: 'tmp', emptyDir: { sizeLimit: '256Mi' } },
        ...(plan.secrets.length
          ? [{ name: 'secrets', secret: { secretName: secretsName(plan.name), defaultMode: 0o440, items: plan.secrets.map((s) => ({ key: s.name, path: `${plan.name}-${s.name}` })) } }]
          : []),
        ...host.volumes,
      ],
    },
  };
}

/**
 * The plan's CPU and memory, plus ephemeral storage: the container's logs and its /tmp
 * count against the node's disk, and a pod without a bound on it can fill the node
 * (kube-score asks for both).
 */
export function containerResources(plan: ServicePlan): Record<string, Record<string, string>> {
  return {
    requests: { ...plan.resources.requests, 'ephemeral-storage': '128Mi' },
    limits: { ...plan.resources.limits, 'ephemeral-storage': '1Gi' },
  };
}

/** The Secret holding a service's secrets: referenced here, created by `k8s apply`. */
export function secretsName(service: string): string {
  return `${service}-secrets`;
}

/** Port names must be IANA_SVC_NAME: at most 15 characters. */
export function portName(name: string): string {
  return name.length <= 15 ? name : name.slice(0, 15).replace(/-$/, '');
}
