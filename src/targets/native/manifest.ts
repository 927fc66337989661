import type { ArtifactRef, SecretSource } from '../../model/service-plan.js';
import type { OmittedService } from '../../model/placement.js';

/**
 * The native stack as the supervisor runs it: what the native target renders into
 * `services.json` and hands `up` directly. Declared here, once: the supervisor (run/)
 * reads this type, whether it got the value in process or from the file.
 */
export interface NativeManifest {
  readonly stack: string;
  readonly services: readonly NativeService[];
  /** Services of the stack this target leaves out, and why (`up` says so). */
  readonly omitted?: readonly OmittedService[];
}

/** One process of the native stack. */
export interface NativeService {
  readonly name: string;
  readonly description: string;
  readonly artifact: ArtifactRef;
  /** Absolute path of the program. */
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
  /** Where each secret's value is read from (never the value). */
  readonly secrets: readonly { readonly name: string; readonly file: string; readonly source: SecretSource }[];
}
