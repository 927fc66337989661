import { join } from 'node:path';
import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { loadStack } from '../load-stack.js';
import { StackError } from '../../core/errors.js';
import { readLockCached } from '../lock-cache.js';
import { locate } from '../../artifacts/locate.js';
import { defaultStoreDir } from '../../artifacts/store.js';

export const spec = {
  usage: 'which <C|BINARY>',
  options: {},
  positionals: [{ name: 'NAME', description: 'a component (its server binary) or any binary of one, such as promtool', complete: 'component' }],
} as const satisfies CommandSpec;

/**
 * `which C` prints the path of component C's binary in the store (or `which promtool`, any
 * binary of an enabled component). Read-only: it never locks, downloads or builds.
 */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { positionals } = parseCommandArgs('which', args, spec);
  const [wanted] = positionals;
  if (!wanted || positionals.length > 1) throw new StackError('which needs one component or binary name');
  const { stack, projectDir, catalog } = await loadStack(ctx, { checkQueries: false });
  const owner = Object.keys(stack.components).find((c) => c === wanted || catalog[c]?.binaries.includes(wanted));
  if (!owner) throw new StackError(`"${wanted}" is not a binary of any enabled component (${Object.keys(stack.components).join(', ')})`);
  const c = stack.components[owner]!;
  const lock = await readLockCached(projectDir, ctx.env);
  const entry = await locate(owner, c.version, lock?.components[owner], defaultStoreDir(ctx.env), c.binary ? { binary: c.binary, projectDir } : {});
  if (!entry) throw new StackError(`${owner} ${c.version} is not in the store: run \`grafana-stack fetch ${owner}\``, [], 3);
  const binary = owner === wanted ? (catalog[owner]?.binaries[0] ?? owner) : wanted;
  if (!(binary in entry.files)) throw new StackError(`${binary} is not in ${owner}'s store entry ${entry.dir} (its release archive does not carry it)`, [], 3);
  ctx.stdout(`${join(entry.dir, binary)}\n`);
  return 0;
}
