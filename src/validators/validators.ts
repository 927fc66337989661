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

/**
 * Runs every validator on a render. A tool that takes several files (`promtool check rules
 * a.yml b.yml ...`) is started once for all of them: a stack with a hundred rule groups
 * spent seconds starting promtool a hundred times. Only when that one run fails is each file
 * run again on its own, so that each failure is reported with the file that has it. Each
 * binary is located once.
 */
export async function runValidators(dir: string, locate: BinaryLocator): Promise<ValidatorOutcome[]> {
  const out: ValidatorOutcome[] = [];
  const located = new Map<string, ReturnType<BinaryLocator>>();
  const locateOnce = (binary: string) => {
    let tool = located.get(binary);
    if (!tool) located.set(binary, (tool = locate(binary)));
    return tool;
  };
  for (const v of VALIDATORS) {
    const files = v.files(dir);
    if (!files.length) continue;
    const tool = await locateOnce(v.binary);
    if ('missing' in tool) {
      out.push({ validator: v.name, file: files.join(', '), status: 'skipped', detail: tool.missing });
      continue;
    }
    const batch = files.length > 1 ? batchArgs(v, files.map((f) => join(dir, f))) : undefined;
    if (batch) {
      const r = await runTool(tool.path, batch);
      if (r.ok) {
        for (const file of files) out.push({ validator: v.name, file, status: 'passed', detail: r.output, ran: tool });
        continue;
      }
    }
    for (const file of files) {
      const r = await runTool(tool.path, v.args(join(dir, file)));
      out.push({ validator: v.name, file, status: r.ok ? 'passed' : 'failed', detail: r.output, ran: tool });
    }
  }
  return out;
}

/**
 * The arguments that check all the files in one run, when the validator's command takes
 * its file as a trailing operand (`check rules FILE`, so `check rules FILE...`); undefined
 * when the file is an option's value (`--config FILE`, `-config.file=FILE`), which takes one.
 */
export function batchArgs(v: Pick<ComponentValidator, 'args'>, files: readonly string[]): string[] | undefined {
  const probe = '\0file';
  const args = v.args(probe);
  const at = args.indexOf(probe);
  if (at !== args.length - 1 || args.indexOf(probe) !== args.lastIndexOf(probe) || args[at - 1]?.startsWith('-')) return undefined;
  return [...args.slice(0, at), ...files];
}
