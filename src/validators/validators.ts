import { join } from 'node:path';
import type { ComponentValidator } from '../components/component.js';
import { COMPONENT_LIST } from '../components/registry.js';
import { runTool } from './run-tool.js';

/** Every component's own validators (see ComponentDefinition.validators), in registry order. */
export const VALIDATORS: readonly ComponentValidator[] = COMPONENT_LIST.flatMap((c) => c.validators ?? []);

export interface ValidatorOutcome {
  readonly validator: string;
  readonly file: string;
  readonly status: 'passed' | 'failed' | 'skipped';
  readonly detail: string;
  /** The binary that ran, and its version. */
  readonly ran?: LocatedTool;
}

/** A validator's binary at the stack's pinned version, and where it came from. */
export interface LocatedTool {
  readonly path: string;
  readonly version: string;
  /** `the store`, `GRAFANA_STACK_BIN_PROMTOOL`, `PATH`. */
  readonly from: string;
}

/** Finds a validator's binary at the pinned version, or says why there is none. */
export type BinaryLocator = (binary: string) => Promise<LocatedTool | { readonly missing: string }>;

export async function runValidators(dir: string, locate: BinaryLocator): Promise<ValidatorOutcome[]> {
  const out: ValidatorOutcome[] = [];
  for (const v of VALIDATORS) {
    const files = v.files(dir);
    if (!files.length) continue;
    const tool = await locate(v.binary);
    if ('missing' in tool) {
      out.push({ validator: v.name, file: files.join(', '), status: 'skipped', detail: tool.missing });
      continue;
    }
    for (const file of files) {
      const r = await runTool(tool.path, v.args(join(dir, file)));
      out.push({ validator: v.name, file, status: r.ok ? 'passed' : 'failed', detail: r.output, ran: tool });
    }
  }
  return out;
}
