import { readFile } from 'node:fs/promises';
import { StackError } from '../core/errors.js';

/** One service as the native target wrote it into services.json. */
export interface ManifestService {
  readonly name: string;
  readonly description: string;
  readonly artifact: { readonly component: string; readonly binary: string; readonly version: string };
  readonly command: string;
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  /** Variables set to the content of a secret file when the process starts (the value is never in this manifest). */
  readonly secretEnv?: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly dependsOn: readonly string[];
  readonly stopGraceSeconds: number;
  readonly ports: readonly { readonly name: string; readonly port: number; readonly protocol: string }[];
  readonly health: { readonly url: string; readonly periodSeconds: number; readonly timeoutSeconds: number; readonly startupSeconds: number };
  readonly dataDirs: readonly string[];
}

export interface Manifest {
  readonly stack: string;
  readonly services: readonly ManifestService[];
  /** Services of the stack this target leaves out, and why (`up` says so). */
  readonly omitted?: readonly { readonly service: string; readonly reason: string }[];
}

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
