import { join } from 'node:path';
import type { ComponentValidator } from '../components/component.js';
import { COMPONENT_LIST } from '../components/registry.js';
import { findBinary } from './find-binary.js';
import { runTool } from './run-tool.js';

/** Every component's own validators (see ComponentDefinition.validators), in registry order. */
export const VALIDATORS: readonly ComponentValidator[] = COMPONENT_LIST.flatMap((c) => c.validators ?? []);

export interface ValidatorOutcome {
  readonly validator: string;
  readonly file: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly detail: string;
}

/** Finds a validator binary: the stack's own (store) first, then GRAFANA_STACK_BIN_<NAME> and PATH. */
export type BinaryLocator = (binary: string) => Promise<string | undefined>;

export async function runValidators(dir: string, env: NodeJS.ProcessEnv = process.env, locate?: BinaryLocator): Promise<ValidatorOutcome[]> {
  const out: ValidatorOutcome[] = [];
  for (const v of VALIDATORS) {
    const files = v.files(dir);
    if (!files.length) continue;
    const bin = (await locate?.(v.binary)) ?? findBinary(v.binary, env);
    if (!bin) {
      out.push({ validator: v.name, file: files.join(', '), status: 'skipped', detail: `${v.binary} not found in the store or on PATH (grafana-stack fetch, or set GRAFANA_STACK_BIN_${v.binary.toUpperCase()})` });
      continue;
    }
    for (const file of files) {
      const r = await runTool(bin, v.args(join(dir, file)));
      out.push({ validator: v.name, file, status: r.ok ? 'passed' : 'failed', detail: r.output });
    }
  }
  return out;
}
