import { parseArgs } from 'node:util';
import { StackError } from '../core/errors.js';
import type { CommandSpec, OptionSpec } from './command-spec.js';

/**
 * node:util parseArgs over a command's spec (its option declarations are parseArgs' own,
 * plus help text), with usage errors as StackErrors (exit 2, no stack trace). An option
 * whose completion is a list of words accepts only those: the list is checked here, once,
 * rather than beside each command's own copy of it.
 */
export function parseCommandArgs<T extends Readonly<Record<string, OptionSpec>>>(
  command: string,
  args: string[],
  spec: { readonly options: T; readonly positionals?: CommandSpec['positionals'] },
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: boolean; strict: true }>> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: spec.options, allowPositionals: Boolean(spec.positionals?.length), strict: true });
  } catch (e) {
    throw new StackError(`${(e as Error).message} (see grafana-stack ${command} --help)`);
  }
  for (const [name, o] of Object.entries(spec.options)) {
    const value = (parsed.values as Record<string, unknown>)[name];
    if (typeof value !== 'string' || !Array.isArray(o.complete) || o.complete.includes(value)) continue;
    const words = o.complete as readonly string[];
    const expected = words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)}` : words[0];
    throw new StackError(`--${name}: expected ${expected}, got "${value}"${o.refusal ? ` ${o.refusal}` : ''}`);
  }
  return parsed;
}
