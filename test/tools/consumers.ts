import { spawnSync } from 'node:child_process';
import { missingTool, toolBinary } from './binaries.js';

/** A document for the consumer-side parsers (test/tools/parsers): what kind of file, and its text. */
export interface Doc {
  readonly kind: 'yaml' | 'ini' | 'json' | 'alloy';
  readonly text: string;
}

export type Parsed = { readonly value: unknown; readonly error?: undefined } | { readonly error: string; readonly value?: undefined };

/** One section of grafana.ini as go-ini reads it: `value` is what Grafana's expanders see, `string` what it reads. */
export interface IniSection {
  readonly name: string;
  readonly keys: readonly { readonly name: string; readonly value: string; readonly string: string }[];
}

/**
 * The consumer-side parsers, or the reason they are missing. One process parses a whole
 * batch (a property test sends thousands of documents at once): Go's yaml.v3 and yaml.v2
 * (which must agree), go-ini as Grafana loads it, encoding/json, Alloy's syntax parser.
 */
export async function consumerParsers(): Promise<{ parse: (docs: readonly Doc[]) => Parsed[] } | { missing: string }> {
  const bin = await toolBinary('parsers');
  if (!bin) return { missing: missingTool('parsers') };
  return {
    parse(docs) {
      if (!docs.length) return [];
      const input = docs.map((d, id) => JSON.stringify({ id, kind: d.kind, text: d.text })).join('\n') + '\n';
      const r = spawnSync(bin, { input, encoding: 'utf8', maxBuffer: 1 << 30 });
      if (r.status !== 0) throw new Error(`consumer parsers failed (exit ${r.status}): ${r.stderr}`);
      const out: Parsed[] = new Array(docs.length);
      for (const line of r.stdout.split('\n')) {
        if (!line) continue;
        const a = JSON.parse(line) as { id: number; value?: unknown; error?: string };
        out[a.id] = a.error !== undefined ? { error: a.error } : { value: a.value ?? null };
      }
      return out;
    },
  };
}
