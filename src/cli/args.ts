import { parseArgs, type ParseArgsConfig } from 'node:util';
import { StackError } from '../core/errors.js';

/** node:util parseArgs with usage errors as StackErrors (exit 2, no stack trace). */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  args: string[],
  options: T,
  allowPositionals = false,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: boolean; strict: true }>> {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (e) {
    throw new StackError(`${(e as Error).message} (see grafana-stack ${command} --help)`);
  }
}
