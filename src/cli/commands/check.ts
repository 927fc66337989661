import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { loadStack } from '../load-stack.js';
import { collectQueries } from '../../queries/collect.js';
import { renderStack, RENDERABLE } from '../../render/render.js';
import { buildStack } from '../../plan/build.js';
import { writeOutput } from '../../render/output.js';
import { terminalSafe } from '../../core/terminal-text.js';
import { projectImageSources } from '../../images/image-sources.js';

export const spec = {
  usage: 'check [--skip-validators]',
  options: {
    'skip-validators': { type: 'boolean', default: false, description: "schema, ports and queries only: do not run the components' own validators" },
  },
} as const satisfies CommandSpec;

/**
 * Offline validation. Schema, ports, cross references and every query's syntax are
 * checked while resolving (any error stops here with exit 2); then every target is
 * rendered in memory, and the native render is fed to the components' own validators
 * that are installed. Exit 1 if a validator rejects the output.
 */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs('check', args, spec);
  // Always from the definition itself: check is how a user validates it.
  const { stack, file, projectDir } = await loadStack(ctx, { fresh: true });
  const queries = collectQueries(stack);
  const byLang = (l: string) => queries.filter((q) => q.language === l).length;
  ctx.stdout(`✓ ${file ?? 'default stack'}: schema, ports and references are valid\n`);
  ctx.stdout(`✓ ${queries.length} queries parse (PromQL ${byLang('promql')}, LogQL ${byLang('logql')}, TraceQL ${byLang('traceql')})\n`);
  const tmp = values['skip-validators'] ? undefined : await mkdtemp(join(tmpdir(), 'grafana-stack-check-'));
  try {
    const dir = join(tmp ?? tmpdir(), 'out'); // with --skip-validators, a place named in outputs, never written
    const images = await projectImageSources(projectDir);
    const build = buildStack(stack);
    for (const t of RENDERABLE) {
      let files;
      try {
        files = await renderStack(build, t, { outDir: dir, projectDir, images });
      } catch (e) {
        // `images: built` before a push: nothing wrong with the definition, the cluster targets wait for the images.
        if (!(e as { unpullable?: boolean }).unpullable) throw e;
        ctx.stdout(`- ${t}: not rendered until the images are pushed (grafana-stack images --push REGISTRY)\n`);
        continue;
      }
      // The validators read the native render from disk; without them nothing would.
      if (t === 'native' && !values['skip-validators']) await writeOutput(dir, files, { target: t, stack: stack.name });
      ctx.stdout(`✓ ${t} renders (${files.length} files)\n`);
    }
    if (values['skip-validators']) return 0;
    // Validate with the pinned versions' own tools; read-only: nothing is locked or fetched.
    const [{ runValidators }, { defaultStoreDir }, { readLock }, { pinnedToolLocator }] = await Promise.all([
      import('../../validators/validators.js'),
      import('../../artifacts/store.js'),
      import('../../artifacts/lockfile.js'),
      import('../../validators/locate-tool.js'),
    ]);
    const locate = pinnedToolLocator(stack, await readLock(projectDir), { storeDir: defaultStoreDir(ctx.env), projectDir, env: ctx.env });
    const outcomes = await runValidators(dir, locate);
    let failed = 0;
    for (const o of outcomes) {
      const mark = o.status === 'passed' ? '✓' : o.status === 'failed' ? '✗' : '-';
      const ran = o.ran ? ` (${o.ran.version}, ${o.ran.from === 'the store' ? 'from the store' : `${o.ran.path} from ${o.ran.from}`})` : '';
      ctx.stdout(`${mark} ${o.validator} ${o.file}${o.status === 'skipped' ? `: not run, ${o.detail}` : ran}\n`);
      if (o.status === 'failed') {
        failed++;
        ctx.stdout(`${terminalSafe(o.detail.replaceAll(dir + '/', '')).split('\n').map((l) => `    ${l}`).join('\n')}\n`);
      }
    }
    return failed ? 1 : 0;
  } finally {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}
