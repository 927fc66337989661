import { readFile } from 'node:fs/promises';
import { StackError } from '../core/errors.js';
import type { NativeManifest, NativeService } from '../targets/native/manifest.js';

/** The native target's manifest (declared once, in targets/native/manifest.ts), as the supervisor runs it. */
export type Manifest = NativeManifest;
export type ManifestService = NativeService;

/** The manifest a previous `up` rendered: for the detached supervisor, another process. */
export async function readManifest(file: string): Promise<Manifest> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Manifest;
  } catch (e) {
    throw new StackError(`cannot read the native manifest ${file}: ${(e as Error).message}`);
  }
}

/** The address a person opens: the health URL's origin. */
export function serviceUrl(s: ManifestService): string {
  return new URL(s.health.url).origin;
}
