import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { requireLocked } from '../locked.js';
import { downloadProgress } from '../progress.js';
import { StackError } from '../../core/errors.js';
import { defaultStoreDir } from '../../artifacts/store.js';
import { fetchLocked, type Provider } from '../../artifacts/artifacts.js';

export const spec = {
  usage: 'fetch [C...] [--from release|source] [--mirror URL]',
  options: {
    from: { type: 'string', value: 'PROVIDER', complete: ['release', 'source'], refusal: '(system binaries are used in place, not fetched)', description: 'release archives or a Go module build (default: release where pinned)' },
    mirror: { type: 'string', value: 'URL', description: 'fetch release archives from this mirror (also GRAFANA_STACK_MIRROR)' },
  },
  positionals: [{ name: 'C', description: 'components (or plugins, grafana-plugin-<id>) to fetch (default: every locked one)', complete: 'component', variadic: true }],
} as const satisfies CommandSpec;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('fetch', args, spec);
  const { lock } = await requireLocked(ctx);
  const pins = { ...lock.components, ...lock.addons };
  const names = positionals.length ? positionals : Object.keys(pins);
  const store = defaultStoreDir(ctx.env);
  const mirror = values.mirror ?? ctx.env.GRAFANA_STACK_MIRROR;
  for (const name of names) {
    const locked = pins[name];
    if (!locked) throw new StackError(`${name} is not in the lock file; locked: ${Object.keys(pins).join(', ')}`);
    const started = Date.now();
    const progress = downloadProgress(ctx, `${name} ${locked.version}`);
    let entry;
    try {
      entry = await fetchLocked(name, locked, {
        storeDir: store,
        progress,
        log: (l) => ctx.stderr(`${name}: ${l}\n`),
        ...(values.from ? { from: values.from as Provider } : {}),
        ...(mirror ? { mirror } : {}),
      });
    } finally {
      progress.done();
    }
    ctx.stdout(`${name} ${locked.version}: ${entry.dir} (${((Date.now() - started) / 1000).toFixed(1)}s)\n`);
  }
  return 0;
}
