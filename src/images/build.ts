import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { LockedComponent } from '../artifacts/lockfile.js';
import type { StoreEntry } from '../artifacts/store.js';
import { canonicalJson } from '../core/canonical-json.js';
import { sha256 } from '../artifacts/hash.js';
import { CONTAINER, imageRef } from '../model/container.js';
import type { ServicePlan } from '../model/service-plan.js';
import { addonLayer, baseLayer, componentLayer } from './layers.js';
import { writeImageArchive, type ImageConfig, type LayerBlob } from './oci.js';
import { writeTar } from './tar-writer.js';

/** Bumped when the image layout changes, so archives built by an older grafana-stack are rebuilt. */
const LAYOUT_VERSION = 1;

/** One built image, as recorded in `<out>/images.json`. */
export interface BuiltImage {
  readonly component: string;
  readonly ref: string;
  /** Archive file name inside the output directory. */
  readonly archive: string;
  readonly digest: string;
  readonly imageId: string;
  /** Archive bytes (uncompressed layers). */
  readonly size: number;
  /** Bytes of the component's binary, for comparison with the image. */
  readonly binarySize: number;
  /** Hash of every input; an archive with the same key is not rebuilt. */
  readonly key: string;
}

export interface ImageInput {
  readonly component: string;
  readonly plans: readonly ServicePlan[];
  readonly artifact: StoreEntry;
  readonly locked: LockedComponent;
  /** Store entries of the services' addons (Grafana plugins), by addon name. */
  readonly addons?: readonly { name: string; entry: StoreEntry }[];
}

export interface BuildImagesOptions {
  readonly outDir: string;
  readonly base: StoreEntry;
  readonly arch: 'amd64' | 'arm64';
  readonly log?: (line: string) => void;
}

export const IMAGES_INDEX = 'images.json';

/**
 * Builds one image per component into `outDir` as `<component>.tar`, skipping those whose
 * inputs (store entries, config, layout) have not changed. Each archive is written under a
 * temporary name and renamed, so an interrupted build never leaves a truncated archive.
 */
export async function buildImages(inputs: readonly ImageInput[], o: BuildImagesOptions): Promise<BuiltImage[]> {
  await mkdir(o.outDir, { recursive: true });
  const index = await readImagesIndex(o.outDir);
  const work = await mkdtemp(join(o.outDir, '.build-'));
  const built: BuiltImage[] = [];
  try {
    let base: LayerBlob | undefined;
    for (const input of inputs) {
      const config = imageConfig(input, o.arch);
      const dataDirs = input.plans.flatMap((p) => p.volumes.map((v) => CONTAINER.dataDir(p.name, v.name)));
      const addons = input.addons ?? [];
      const key = sha256(canonicalJson({ LAYOUT_VERSION, artifact: basename(input.artifact.dir), addons: addons.map((a) => basename(a.entry.dir)), base: basename(o.base.dir), config, dataDirs })).slice(0, 32);
      const archive = `${input.component}.tar`;
      const previous = index[input.component];
      if (previous?.key === key && existsSync(join(o.outDir, archive))) {
        o.log?.(`${previous.ref}: up to date (${previous.digest.slice(0, 19)})`);
        built.push(previous);
        continue;
      }
      const started = Date.now();
      base ??= { ...(await writeTar(join(work, 'base.tar'), baseLayer(o.base))), file: join(work, 'base.tar'), comment: 'base: nonroot user, CA certificates, tzdata, /tmp, healthcheck probe' };
      const layerFile = join(work, `${input.component}.tar`);
      const binary = input.plans[0]!.artifact.binary;
      const layer: LayerBlob = {
        ...(await writeTar(layerFile, componentLayer(input.component, binary, input.artifact, dataDirs))),
        file: layerFile,
        comment: `${input.component} ${input.locked.version}: ${CONTAINER.artifactDir(input.component)} and data directories`,
      };
      const layers = [base, layer];
      if (addons.length) {
        const addonFile = join(work, `${input.component}-addons.tar`);
        layers.push({ ...(await writeTar(addonFile, addonLayer(addons))), file: addonFile, comment: `addons: ${addons.map((a) => a.name).join(', ')} under ${CONTAINER.addonDir('')}` });
      }
      const ref = imageRef({ component: input.component, version: input.locked.version });
      const tmp = join(work, `${archive}.partial`);
      const image = await writeImageArchive(tmp, ref, layers, config);
      await rename(tmp, join(o.outDir, archive));
      const binarySize = (await stat(join(input.artifact.dir, binary))).size;
      const result: BuiltImage = { component: input.component, ref, archive, digest: image.digest, imageId: image.imageId, size: image.size, binarySize, key };
      index[input.component] = result;
      built.push(result);
      o.log?.(`${ref}: ${image.digest} (${mb(image.size)}, ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
    await writeFile(join(o.outDir, IMAGES_INDEX), `${JSON.stringify(index, null, 2)}\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return built;
}

function imageConfig(input: ImageInput, arch: 'amd64' | 'arm64'): ImageConfig {
  const plan = input.plans[0]!;
  const dir = CONTAINER.artifactDir(input.component);
  const src = input.locked.source;
  return {
    architecture: arch,
    user: `${CONTAINER.uid}:${CONTAINER.gid}`,
    entrypoint: [`${dir}/${plan.artifact.binary}`],
    env: [`PATH=${dir}:/usr/bin`, `SSL_CERT_FILE=${CONTAINER.caBundle}`],
    workingDir: CONTAINER.dataDir(plan.name, 'data'),
    exposedPorts: input.plans.flatMap((p) => p.ports.map((x) => x.port)),
    labels: {
      'org.opencontainers.image.title': input.component,
      'org.opencontainers.image.description': plan.description,
      'org.opencontainers.image.version': input.locked.version,
      ...(src ? { 'org.opencontainers.image.source': sourceUrl(src.module), 'org.opencontainers.image.revision': revision(src.version) } : {}),
      'org.opencontainers.image.documentation': plan.documentation,
      'dev.grafana-stack.binary.sha256': input.artifact.files[plan.artifact.binary] ?? '',
    },
  };
}

/** `github.com/prometheus/alertmanager/v2` -> `https://github.com/prometheus/alertmanager`. */
export function sourceUrl(module: string): string {
  return `https://${module.replace(/\/v\d+$/, '')}`;
}

/** A pseudo-version's commit (`v1.9.2-0.20230609164553-81d85ce8028d` -> `81d85ce8028d`), or the tag. */
export function revision(moduleVersion: string): string {
  return /[-.]\d{14}-([0-9a-f]{12})$/.exec(moduleVersion)?.[1] ?? moduleVersion;
}

export async function readImagesIndex(outDir: string): Promise<Record<string, BuiltImage>> {
  try {
    return JSON.parse(await readFile(join(outDir, IMAGES_INDEX), 'utf8')) as Record<string, BuiltImage>;
  } catch {
    return {};
  }
}

/** Bytes as decimal megabytes, one decimal (`133.7 MB`). */
export function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
