import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { requireLocked } from '../locked.js';
import { StackError } from '../../core/errors.js';
import { defaultStoreDir } from '../../artifacts/store.js';
import { fetchLocked, type Provider } from '../../artifacts/artifacts.js';

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('fetch', args, { from: { type: 'string' } }, true);
  if (values.from !== undefined && values.from !== 'release' && values.from !== 'source') {
    throw new StackError(`--from: expected release or source, got "${values.from}" (system binaries are used in place, not fetched)`);
  }
  const { lock } = await requireLocked(ctx);
  const names = positionals.length ? positionals : Object.keys(lock.components);
  const store = defaultStoreDir(ctx.env);
  for (const name of names) {
    const locked = lock.components[name];
    if (!locked) throw new StackError(`${name} is not in the lock file; locked: ${Object.keys(lock.components).join(', ')}`);
    const started = Date.now();
    const entry = await fetchLocked(name, locked, values.from as Provider | undefined, store, (l) => ctx.stderr(`${name}: ${l}\n`));
    ctx.stdout(`${name} ${locked.version}: ${entry.dir} (${((Date.now() - started) / 1000).toFixed(1)}s)\n`);
  }
  return 0;
}
