/** What comes before the command's own arguments: the global options, taken out of argv. */
export interface GlobalOptions {
  /** argv without the global options: the command's name first. */
  readonly args: string[];
  readonly configFile: string | undefined;
  /** `--set path=value` overrides, in the order given. */
  readonly sets: string[];
}

/**
 * Takes `--config FILE` and `--set path=value` out of argv: they may come before or after
 * the command, but not after `--`, where `shell -- CMD` keeps the command's own arguments.
 * A string is what is wrong with them.
 */
export function parseGlobalOptions(argv: readonly string[]): GlobalOptions | string {
  const args = [...argv];
  let configFile: string | undefined;
  const sets: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a === '--config' || a === '-c') {
      configFile = args[i + 1];
      if (!configFile) return '--config needs a file';
      args.splice(i, 2);
      i--;
    } else if (a.startsWith('--config=')) {
      configFile = a.slice('--config='.length);
      args.splice(i, 1);
      i--;
    } else if (a === '--set') {
      const value = args[i + 1];
      if (!value) return '--set needs path=value';
      sets.push(value);
      args.splice(i, 2);
      i--;
    } else if (a.startsWith('--set=')) {
      sets.push(a.slice('--set='.length));
      args.splice(i, 1);
      i--;
    }
  }
  return { args, configFile, sets };
}
