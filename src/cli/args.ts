import { parseArgs } from 'node:util';
import { StackError } from '../core/errors.js';
import type { CommandSpec, OptionSpec } from './command-spec.js';

/**
 * node:util parseArgs over a command's spec (its option declarations are parseArgs' own,
 * plus help text), with usage errors as StackErrors (exit 2, no stack trace).
 */
export function parseCommandArgs<T extends Readonly<Record<string, OptionSpec>>>(
  command: string,
  args: string[],
  spec: { readonly options: T; readonly positionals?: CommandSpec['positionals'] },
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: boolean; strict: true }>> {
  try {
    return parseArgs({ args, options: spec.options, allowPositionals: Boolean(spec.positionals?.length), strict: true });
  } catch (e) {
    throw new StackError(`${(e as Error).message} (see grafana-stack ${command} --help)`);
  }
}
