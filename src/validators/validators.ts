import { join } from 'node:path';
import { readdirSync, existsSync } from 'node:fs';
import { findBinary } from './find-binary.js';
import { runTool, type ToolResult } from './run-tool.js';

/**
 * The components' own validators, run on a rendered native output directory. Each says
 * which binary it needs; a missing binary is reported as skipped, with how to get it.
 */
export interface Validator {
  readonly name: string;
  readonly binary: string;
  /** Paths (relative to the render dir) this validator applies to; none means not applicable. */
  applies(dir: string): string[];
  run(binary: string, dir: string, file: string): Promise<ToolResult>;
}

const exists = (dir: string, p: string) => (existsSync(join(dir, p)) ? [p] : []);

export const VALIDATORS: readonly Validator[] = [
  {
    name: 'promtool check config',
    binary: 'promtool',
    applies: (dir) => exists(dir, 'prometheus/prometheus.yml'),
    run: (bin, dir, file) => runTool(bin, ['check', 'config', join(dir, file)]),
  },
  {
    name: 'promtool check rules',
    binary: 'promtool',
    applies: (dir) =>
      existsSync(join(dir, 'prometheus/rules'))
        ? readdirSync(join(dir, 'prometheus/rules')).sort().map((f) => `prometheus/rules/${f}`)
        : [],
    run: (bin, dir, file) => runTool(bin, ['check', 'rules', join(dir, file)]),
  },
  {
    name: 'loki -verify-config',
    binary: 'loki',
    applies: (dir) => exists(dir, 'loki/loki.yaml'),
    run: (bin, dir, file) => runTool(bin, ['-verify-config', `-config.file=${join(dir, file)}`]),
  },
  {
    name: 'tempo -config.verify',
    binary: 'tempo',
    applies: (dir) => exists(dir, 'tempo/tempo.yaml'),
    run: (bin, dir, file) => runTool(bin, ['-config.verify', `-config.file=${join(dir, file)}`]),
  },
];

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
    const files = v.applies(dir);
    if (!files.length) continue;
    const bin = (await locate?.(v.binary)) ?? findBinary(v.binary, env);
    if (!bin) {
      out.push({ validator: v.name, file: files.join(', '), status: 'skipped', detail: `${v.binary} not found in the store or on PATH (grafana-stack fetch, or set GRAFANA_STACK_BIN_${v.binary.toUpperCase()})` });
      continue;
    }
    for (const file of files) {
      const r = await v.run(bin, dir, file);
      out.push({ validator: v.name, file, status: r.ok ? 'passed' : 'failed', detail: r.output });
    }
  }
  return out;
}
