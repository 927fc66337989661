import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { loadStack } from '../load-stack.js';
import { downloadProgress } from '../progress.js';
import { StackError } from '../../core/errors.js';
import { readLock } from '../../artifacts/lockfile.js';
import { defaultStoreDir, verifyEntry } from '../../artifacts/store.js';
import { cleanStale } from '../../artifacts/scratch.js';
import { fetchComponent, PROVIDERS, sourceRefused, type Provider } from '../../artifacts/fetch-component.js';
import { componentDefinition } from '../../components/registry.js';
import { buildStack } from '../../plan/build.js';
import { mirrorSetting } from '../../artifacts/transport.js';

export const spec = {
  usage: 'fetch [C...] [--from release|source|system] [--mirror DIR|URL] [--verify]',
  options: {
    from: { type: 'string', value: 'PROVIDER', complete: PROVIDERS, description: 'the official release archive (default), your own binary (version-checked), or a Go module build (permissively licensed components only)' },
    mirror: { type: 'string', value: 'DIR|URL', complete: 'dir', description: 'download release archives from a mirror laid out as <mirror>/<host>/<path> (also GRAFANA_STACK_MIRROR)' },
    verify: { type: 'boolean', default: false, description: "hash every file of each entry again, even those whose stat stamp is unchanged since they were last hashed" },
  },
  positionals: [{ name: 'C', description: 'components (or plugins, grafana-plugin-<id>) to fetch (default: every enabled one)', complete: 'component', variadic: true }],
} as const satisfies CommandSpec;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('fetch', args, spec);
  const { stack, projectDir } = await loadStack(ctx, { checkQueries: false });
  const lock = await readLock(projectDir);
  const from = values.from as Provider | undefined;
  const addons = new Map(buildStack(stack).addons.map((a) => [a.name, a]));
  const names = positionals.length ? positionals : [...Object.keys(stack.components), ...addons.keys()];
  const store = defaultStoreDir(ctx.env);
  const mirror = mirrorSetting(values.mirror, ctx.env, ctx.cwd);
  for (const p of await cleanStale(store)) ctx.stderr(`removed ${p}, left by an interrupted run\n`);
  for (const name of names) {
    const c = stack.components[name];
    const locked = lock?.components[name] ?? lock?.addons?.[name];
    const version = c?.version ?? addons.get(name)?.version;
    if (!version) throw new StackError(`${name} is neither an enabled component nor a plugin of this stack; enabled: ${[...Object.keys(stack.components), ...addons.keys()].join(', ')}`);
    const provider = from ?? (c?.binary ? 'system' : 'release');
    const artifact = componentDefinition(name)?.artifact;
    if (provider === 'source' && artifact && !artifact.source) throw sourceRefused(name, artifact.licence);
    if (provider !== 'system' && !lock) throw new StackError('no grafana-stack.lock.json: run `grafana-stack lock` first');
    if (!positionals.length && provider === 'release' && !locked?.release && !c?.binary) {
      ctx.stderr(`${name} ${version}: no release archive pinned, skipped (upstream publishes none; see \`grafana-stack fetch ${name} --help\`)\n`);
      continue;
    }
    const started = Date.now();
    const progress = downloadProgress(ctx, `${name} ${version}`);
    let entry;
    try {
      entry = await fetchComponent(name, version, locked, {
        from: provider,
        storeDir: store,
        projectDir,
        env: ctx.env,
        progress,
        log: (l) => ctx.stderr(`${name}: ${l}\n`),
        ...(c?.binary ? { binary: c.binary } : {}),
        ...(mirror ? { mirror } : {}),
      });
    } finally {
      progress.done();
    }
    // Other commands trust a file whose stat stamp is unchanged; this one reads every byte again.
    if (values.verify) entry = await verifyEntry(entry.dir, { rehash: true });
    ctx.stdout(`${name} ${version}: ${entry.dir} (${((Date.now() - started) / 1000).toFixed(1)}s)\n`);
  }
  return 0;
}
