import { chmod, chown, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { StackError } from '../core/errors.js';
import { buildStackImages } from '../images/stack-images.js';
import { docker, loadImages } from '../images/docker.js';
import { ensureImageBase } from '../images/base.js';
import { projectImageSources } from '../images/image-sources.js';
import { currentPlatform } from '../artifacts/platform.js';
import { defaultStoreDir } from '../artifacts/store.js';
import { CONTAINER } from '../model/container.js';
import type { ServicePlan } from '../model/service-plan.js';
import { writeOutput } from '../render/output.js';
import { renderStack } from '../render/render.js';
import { nativeStateDir } from '../core/state-dir.js';
import type { StackBuild } from '../model/build.js';
import { assertPortsFree } from '../run/ports.js';
import { OWNER_LABEL, PROBE_VAR, SECRETS_DIR_VAR } from '../targets/compose/index.js';
import { materializeNativeSecrets, readSecretValue } from '../targets/native/secrets.js';
import { composeRun, findCompose } from './cli.js';
import { describeFailure, hasFailed, projectContainers, waitHealthy, type ProjectContainer } from './health.js';

export interface ComposeOptions {
  readonly build: StackBuild;
  readonly projectDir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Progress lines (image builds, loads, each service healthy). */
  readonly log: (line: string) => void;
  /** Compose's own output, passed through. */
  readonly output: (text: string) => void;
  readonly progress?: (component: string) => ((received: number, total: number | undefined) => void) & { done(): void };
}

/** Where the Compose deployment of a project lives, beside the native state. */
export function composePaths(projectDir: string): { dir: string; file: string; secrets: string; images: string } {
  const state = nativeStateDir(projectDir);
  const dir = join(state, 'compose');
  return { dir, file: join(dir, 'compose.yaml'), secrets: join(state, 'secrets', 'compose'), images: join(state, 'images') };
}

/**
 * `compose up`: with `images: built`, builds the images that changed and loads those the
 * engine lacks; with the official images, Compose pulls them and the healthchecks run the
 * static probe from the store (built once, like the images' base layer). Then renders the
 * Compose project, provides its secrets, starts it and waits until every service's
 * healthcheck passes. Volumes are never removed, so data survives `down` and `up`.
 */
export async function composeUp(o: ComposeOptions): Promise<{ services: string[] }> {
  const cli = await findCompose(o.env);
  await engineReachable(o.env);
  // Services only a cluster runs (kube-state-metrics) are not in the project: no image, no wait.
  const { plans } = o.build.host;
  const paths = composePaths(o.projectDir);
  const containers = await projectContainers(o.build.stack.name, o.env);
  await assertOwnProject(o.build.stack.name, o.projectDir, containers, o.env);
  if (!containers.some((c) => c.status === 'running')) {
    // Checked before anything is built, as `up` does; a running project already holds its ports.
    await assertPortsFree(plans.map((p) => ({ name: p.name, ports: p.ports.filter((x) => x.expose) })), o.build.stack.bindAddress);
  }
  const only = [...new Set(plans.map((p) => p.component))];
  let probe = '/nonexistent';
  if (o.build.stack.images === 'built') {
    const images = await buildStackImages({ build: o.build, projectDir: o.projectDir, env: o.env, outDir: paths.images, log: o.log, only, ...(o.progress ? { progress: o.progress } : {}) });
    await loadImages(images, paths.images, o.log, o.env);
  } else {
    const arch = currentPlatform().split('-')[1] as 'amd64' | 'arm64';
    probe = join((await ensureImageBase(defaultStoreDir(o.env), arch, o.log)).dir, 'grafana-stack-probe');
  }
  await renderProject(o.build, o.projectDir);
  await materializeNativeSecrets(plans, nativeStateDir(o.projectDir), o.env);
  await provideSecrets(plans, nativeStateDir(o.projectDir), paths.secrets);
  o.log(`starting ${plans.length} services with ${cli.argv.join(' ')} ${cli.version}`);
  const started = Date.now();
  try {
    await composeRun(cli, o.build.stack.name, paths.file, ['up', '-d', '--remove-orphans'], { ...o.env, [SECRETS_DIR_VAR]: paths.secrets, [PROBE_VAR]: probe }, o.output);
  } catch (e) {
    // docker-compose names a failed dependency by container id only: say which service, and why.
    throw new StackError(`${(e as Error).message}${await failedContainers(o.build.stack.name, o.env)}`, [], 1);
  }
  const timeoutMs = Math.max(...plans.map((p) => p.health.startupSeconds)) * 1000 + 30_000;
  await waitHealthy(o.build.stack.name, plans.map((p) => p.name), {
    timeoutMs,
    env: o.env,
    // From the start of `compose up`: Compose itself waits for dependencies to be healthy.
    onHealthy: (s) => o.log(`${s} healthy after ${((Date.now() - started) / 1000).toFixed(1)} s`),
  });
  return { services: plans.map((p) => p.name) };
}

/** `compose down`: stops and removes the containers and network; the named volumes stay. */
export async function composeDown(o: ComposeOptions): Promise<void> {
  const cli = await findCompose(o.env);
  await engineReachable(o.env);
  const paths = composePaths(o.projectDir);
  await assertOwnProject(o.build.stack.name, o.projectDir, await projectContainers(o.build.stack.name, o.env), o.env);
  await renderProject(o.build, o.projectDir);
  // Interpolated, never mounted by `down`: any path will do for the probe.
  await composeRun(cli, o.build.stack.name, paths.file, ['down', '--remove-orphans'], { ...o.env, [SECRETS_DIR_VAR]: paths.secrets, [PROBE_VAR]: '/nonexistent' }, o.output);
}

async function renderProject(build: StackBuild, projectDir: string): Promise<void> {
  const { dir } = composePaths(projectDir);
  const stack = build.stack;
  const files = await renderStack(build, 'compose', { outDir: dir, projectDir, composeOwner: projectDir, images: await projectImageSources(projectDir) });
  await writeOutput(dir, files, { target: 'compose', stack: stack.name });
}

/**
 * Compose names containers and volumes after the project, and the project after the
 * stack: two directories whose stacks share a name would share volumes (one Grafana
 * database, one admin password) and stop each other's containers. Whatever carries
 * another directory's owner label is refused, naming that directory.
 */
async function assertOwnProject(project: string, projectDir: string, containers: readonly ProjectContainer[], env: NodeJS.ProcessEnv): Promise<void> {
  const volumes = (await docker(['volume', 'ls', '-q', '--filter', `label=com.docker.compose.project=${project}`], env)).split('\n').filter(Boolean);
  const owners = new Set(containers.map((c) => c.labels[OWNER_LABEL] ?? ''));
  if (volumes.length) {
    for (const v of JSON.parse(await docker(['volume', 'inspect', ...volumes], env)) as { Labels: Record<string, string> | null }[]) owners.add(v.Labels?.[OWNER_LABEL] ?? '');
  }
  const others = [...owners].filter((o) => o && o !== projectDir);
  if (others.length) {
    throw new StackError(
      `the Compose project "${project}" belongs to ${others.join(', ')}: its volumes hold that project's data. Give this stack its own name (\`name:\` in the config), or stop that project and remove its volumes (docker volume rm ${volumes.join(' ')}) if their data is not needed`,
      [],
      1,
    );
  }
}

async function engineReachable(env: NodeJS.ProcessEnv): Promise<void> {
  await docker(['info', '--format', '{{.ServerVersion}}'], env);
}

/**
 * Compose mounts file secrets as they are, owner and mode included (the `uid`/`mode` of a
 * secret are ignored outside Swarm), so the nonroot user in the container must be able to
 * read the file itself. The values are the native run's (one admin password per project),
 * copied into a 0700 directory: owned by the container's user with mode 0400 when we may
 * chown, else mode 0444, which the 0700 directory still keeps from other users here.
 */
export async function provideSecrets(plans: readonly ServicePlan[], stateDir: string, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const asRoot = process.getuid?.() === 0;
  for (const plan of plans) {
    for (const s of plan.secrets) {
      const value = await readSecretValue(stateDir, plan, s);
      const target = join(dir, `${plan.name}-${s.name}`);
      const tmp = `${target}.tmp-${process.pid}`;
      await writeFile(tmp, value, { mode: 0o400 });
      if (asRoot) await chown(tmp, CONTAINER.uid, CONTAINER.gid);
      else await chmod(tmp, 0o444);
      await rename(tmp, target);
    }
  }
}

/** The project's failed containers, each described with its last log lines (empty when none). */
async function failedContainers(project: string, env: NodeJS.ProcessEnv): Promise<string> {
  const failed = (await projectContainers(project, env).catch(() => [])).filter(hasFailed);
  return (await Promise.all(failed.map(async (c) => `\n${await describeFailure(c, env)}`))).join('');
}
