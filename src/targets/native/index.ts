import { join } from 'node:path';
import { connectHost } from '../../core/connect-host.js';
import { toJson } from '../../formats/json.js';
import { resolveTemplate, type RefResolver } from '../../model/refs.js';
import { ADDON_DIR, type ArtifactRef, type ServicePlan } from '../../model/service-plan.js';
import { addonOf, planFiles, portOf } from '../plan-files.js';
import { plannedIn } from '../placement.js';
import { targetContext, type OutputFile, type Target, type TargetContext } from '../target.js';
import type { StackBuild } from '../../model/build.js';
import { nativeStateDir } from '../../core/state-dir.js';
import type { NativeManifest, NativeService } from './manifest.js';

export interface NativeOptions {
  /** Absolute directory the rendered files will live in (the `--out` directory). */
  readonly configDir: string;
  /** Absolute state directory: `data/<service>` and `secrets/` live here, never under configDir. */
  readonly stateDir: string;
  /** Where a component's artifact is installed (the store path, once fetched). */
  readonly artifactDir: (artifact: ArtifactRef) => string;
}

/**
 * Processes on this machine. Writes `<service>/...` config files and `services.json`, the
 * supervisor's manifest (argv, env, health URL, dependencies). Paths are absolute because
 * Grafana resolves relative paths against its homepath, not its config file; data and
 * secrets live in the state directory so re-rendering never touches them.
 */
export const nativeTarget: Target<NativeOptions> = {
  options: (_build, r) => ({ configDir: r.outDir, stateDir: nativeStateDir(r.projectDir), artifactDir: r.artifactDir }),
  render: (build, options) => renderNative(build, options).files,
};

/** The native render: its files (services.json among them) and the manifest they hold, for `up` to run without reading it back. */
export function renderNative(build: StackBuild, options: NativeOptions): { files: OutputFile[]; manifest: NativeManifest } {
  const { plans, omitted } = build.host;
  const ctx = targetContext(build);
  const files: OutputFile[] = [];
  const services = plans.map((plan): NativeService => {
    const r = nativeResolver(plans, plan, ctx, options);
    files.push(...planFiles(plan, r));
    const health = plan.health;
    return {
      name: plan.name,
      description: plan.description,
      artifact: plan.artifact,
      command: join(options.artifactDir(plan.artifact), plan.artifact.binary),
      args: plan.args.map((a) => resolveTemplate(a, r)),
      env: Object.fromEntries(Object.entries(plan.env).map(([k, v]) => [k, resolveTemplate(v, r)])),
      // Variable -> secret file: the supervisor reads the value when it starts the process.
      ...(plan.secretEnv ? { secretEnv: Object.fromEntries(Object.entries(plan.secretEnv).map(([k, s]) => [k, r.secretFile(s)])) } : {}),
      cwd: join(options.stateDir, 'data', plan.name),
      dependsOn: plan.dependsOn,
      stopGraceSeconds: plan.stopGraceSeconds,
      ports: plan.ports.map((p) => ({ name: p.name, port: p.port, protocol: p.protocol })),
      health: {
        url: r.url(plan.name, health.port, health.path),
        periodSeconds: health.periodSeconds,
        timeoutSeconds: health.timeoutSeconds,
        startupSeconds: health.startupSeconds,
      },
      dataDirs: plan.volumes.map((v) => r.dataDir(v.name, '')),
      secrets: plan.secrets.map((s) => ({ name: s.name, file: r.secretFile(s.name), source: s.source })),
    };
  });
  const manifest: NativeManifest = { stack: ctx.stackName, services, ...(omitted.length ? { omitted } : {}) };
  files.push({ path: NATIVE_MANIFEST, content: toJson(manifest) });
  return { files, manifest };
}

/** The manifest's file in the rendered directory (the detached supervisor, another process, reads it). */
export const NATIVE_MANIFEST = 'services.json';

export function nativeResolver(plans: readonly ServicePlan[], plan: ServicePlan, ctx: TargetContext, o: NativeOptions): RefResolver {
  // A wildcard bind address is not something to connect to: peers use loopback.
  const host = connectHost(ctx.bindAddress);
  return {
    endpoint: (service, port) => `${host}:${portOf(plans, service, port)}`,
    url: (service, port, path) => `http://${host}:${portOf(plans, service, port)}${path}`,
    bindHost: () => ctx.bindAddress,
    configFile: (path) => (path ? join(o.configDir, plan.name, path) : join(o.configDir, plan.name)),
    dataDir: (volume, path) => join(o.stateDir, 'data', plan.name, volume === 'data' ? '' : volume, path),
    secretFile: (secret) => {
      const s = plan.secrets.find((x) => x.name === secret);
      if (!s) throw new Error(`service ${plan.name} has no secret "${secret}"`);
      return 'file' in s.source ? s.source.file : join(o.stateDir, 'secrets', `${plan.name}-${secret}`);
    },
    artifactDir: () => o.artifactDir(plan.artifact),
    addonDir: (addon) => {
      const a = addonOf(plan, addon);
      return join(o.artifactDir({ component: a.name, binary: '', version: a.version }), ADDON_DIR);
    },
    // On the host itself: host paths are what they say.
    hostPath: (path) => path,
    planned: plannedIn(plans),
    namespace: () => {
      throw new Error(`service ${plan.name} asks for its Kubernetes namespace, but this target has none`);
    },
  };
}

