import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { requireLocked } from '../locked.js';
import { StackError } from '../../core/errors.js';
import { defaultStoreDir } from '../../artifacts/store.js';
import { locate } from '../../artifacts/artifacts.js';
import { componentDefinition } from '../../components/registry.js';
import { join } from 'node:path';

export const spec = {
  usage: 'which <C|BINARY>',
  options: {},
  positionals: [{ name: 'NAME', description: 'a component (its server binary) or any binary of one, such as promtool', complete: 'component' }],
} as const satisfies CommandSpec;

/** `which C` prints the path of component C's binary (or `which promtool`, any binary of an artifact). */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { positionals } = parseCommandArgs('which', args, spec);
  const [wanted] = positionals;
  if (!wanted || positionals.length > 1) throw new StackError('which needs one component or binary name');
  const { lock } = await requireLocked(ctx);
  const owner = Object.keys(lock.components).find((c) => c === wanted || componentDefinition(c)?.artifact?.binaries.includes(wanted));
  if (!owner) throw new StackError(`"${wanted}" is not a binary of any locked component (${Object.keys(lock.components).join(', ')})`);
  const entry = await locate(owner, lock.components[owner]!, defaultStoreDir(ctx.env));
  if (!entry) throw new StackError(`${owner} ${lock.components[owner]!.version} is not in the store: run grafana-stack fetch ${owner}`, [], 3);
  const binary = owner === wanted ? (componentDefinition(owner)?.artifact?.binaries[0] ?? owner) : wanted;
  ctx.stdout(`${join(entry.dir, binary)}\n`);
  return 0;
}
