import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { StackError } from '../../core/errors.js';
import { STARTER_CONFIG, starterPackage, STARTER_TSCONFIG } from '../starter-config.js';
import { version } from '../main.js';
import { CONFIG_FILES } from '../../config/load.js';

export const spec = {
  usage: 'init [--force]',
  options: { force: { type: 'boolean', default: false, description: 'overwrite an existing grafana-stack.config.ts' } },
} as const satisfies CommandSpec;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('init', args, spec);
  const file = join(ctx.cwd, 'grafana-stack.config.ts');
  if (existsSync(file) && !values.force) throw new StackError(`${file} already exists (use --force to overwrite it)`);
  // The .ts is read first: written next to another definition, it would silently hide it.
  const others = CONFIG_FILES.filter((f) => f !== 'grafana-stack.config.ts' && existsSync(join(ctx.cwd, f)));
  if (others.length && !values.force) {
    throw new StackError(
      `${others.join(' and ')} already define${others.length === 1 ? 's' : ''} the stack here; grafana-stack.config.ts would be read first and hide it (nothing was written; use --force to write it anyway)`,
    );
  }
  try {
    await writeFile(file, STARTER_CONFIG, { flag: values.force ? 'w' : 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new StackError(`${file} already exists (use --force to overwrite it)`);
    throw e;
  }
  ctx.stdout(`wrote ${file}\n`);
  if (others.length) ctx.stderr(`note: it is read before ${others.join(' and ')}, which is now ignored\n`);
  // Editor types: the definition imports grafana-stack and the Foundation SDK, which an
  // editor finds in the project's node_modules. Only where there is no project yet.
  const pkg = join(ctx.cwd, 'package.json');
  if (!existsSync(pkg)) {
    await writeFile(pkg, starterPackage(version()), { flag: 'wx' });
    ctx.stdout(`wrote ${pkg}: \`npm install\` gives your editor the types of grafana-stack and the Grafana Foundation SDK\n`);
    const tsconfig = join(ctx.cwd, 'tsconfig.json');
    if (!existsSync(tsconfig)) await writeFile(tsconfig, STARTER_TSCONFIG, { flag: 'wx' });
  }
  ctx.stdout('next: grafana-stack check && grafana-stack up\n');
  return 0;
}
