import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readLock } from '../artifacts/lockfile.js';
import { nativeStateDir } from '../core/state-dir.js';
import type { ImageSources, PushedImage } from './image-refs.js';

/** The pushes of a project, kept beside its images: what `render kubernetes` references with `images: built`. */
export const PUSHED_FILE = 'pushed.json';

/** Where a project keeps its image archives, their index and its pushes. */
export function stateImagesDir(projectDir: string): string {
  return join(nativeStateDir(projectDir), 'images');
}

/** The project's image sources: the lock's digests of the official images, and the pushes `images --push` recorded. */
export async function projectImageSources(projectDir: string): Promise<ImageSources> {
  const lock = await readLock(projectDir);
  const pushed = await readPushed(stateImagesDir(projectDir));
  return { ...(lock?.images ? { pins: lock.images } : {}), ...(Object.keys(pushed).length ? { pushed } : {}) };
}

/** The recorded pushes (none when nothing was pushed from this project). */
export async function readPushed(dir: string): Promise<Record<string, PushedImage>> {
  try {
    return JSON.parse(await readFile(join(dir, PUSHED_FILE), 'utf8')) as Record<string, PushedImage>;
  } catch {
    return {};
  }
}
