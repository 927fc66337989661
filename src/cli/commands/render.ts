import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec, OptionSpec } from '../command-spec.js';
import { loadStack } from '../load-stack.js';
import { LOCK_FILE_NAME } from '../lock-cache.js';
import { readCached, writeCached } from '../stack-cache.js';
import { runPaths } from '../../run/paths.js';
import { StackError } from '../../core/errors.js';
import { prepareOutput } from '../../render/output.js';
import type { StackBuild } from '../../model/build.js';
import { targetEntries, type TargetName } from '../../targets/registry.js';
import type { OutputFile, TargetEntry } from '../../targets/target.js';

/** Renders larger than this are not kept (the user cache holds 256 MiB in all: core/user-cache.ts). */
const KEEP_BYTES = 64 << 20;

// The targets' entries (light: no target code) give the choices, their options and help.
const TARGETS = await targetEntries();
const CHOICES: readonly string[] = [...TARGETS.map((t) => t.name), 'all'];

export const spec = {
  usage: `render <${CHOICES.join('|')}> --out DIR [--archive]`,
  options: {
    out: { type: 'string', short: 'o', value: 'DIR', complete: 'dir', description: 'directory to write (required)' },
    archive: { type: 'boolean', description: 'also write a reproducible DIR.tar.gz' },
    ...targetOptions(TARGETS),
  },
  positionals: [{ name: 'TARGET', description: 'what to write', complete: CHOICES }],
  notes: [['Targets:', ...TARGETS.map((t) => `  ${t.name.padEnd(12)}${t.description}`), `  ${'all'.padEnd(12)}every target, each under DIR/<target>/`].join('\n')],
} as const satisfies CommandSpec;

/** Every target's own options, once each, said to be whose: `kubernetes, helm: the namespace ...`. */
function targetOptions(entries: readonly TargetEntry[]): Record<string, OptionSpec> {
  const out: Record<string, OptionSpec> = {};
  for (const [name, o] of entries.flatMap((e) => Object.entries(e.cli ?? {}))) {
    if (out[name]) continue;
    const whose = entries.filter((e) => e.cli?.[name]).map((e) => e.name);
    out[name] = { ...o, description: `${whose.join(', ')}: ${o.description}` };
  }
  return out;
}

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('render', args, spec);
  const target = positionals[0];
  if (!target || positionals.length > 1) throw new StackError(`render needs one target: ${CHOICES.join(', ')}`);
  if (!CHOICES.includes(target)) throw new StackError(`unknown target "${target}": expected one of ${CHOICES.join(', ')}`);
  if (!values.out) throw new StackError('render needs --out DIR');
  const given = values as Record<string, string | boolean | undefined>;
  const rendered = TARGETS.filter((t) => target === 'all' || t.name === target);
  const { stack, projectDir, cacheKey } = await loadStack(ctx);
  const outDir = resolve(ctx.cwd, values.out);
  const cli = Object.fromEntries(Object.keys(targetOptions(TARGETS)).filter((k) => given[k] !== undefined).map((k) => [k, given[k]]));
  const opts = { outDir, projectDir, cli };
  // A render is a pure function of the Stack, the target, its options and the project's image
  // sources (the lock's image digests, the pushes recorded beside its images): one of a kept
  // Stack is kept too, with the notes it prints, and written again without loading a target
  // or component. Not a target whose output names this machine's paths (native).
  const renderKey = cacheKey && !rendered.some((t) => t.machine || t.provideSecrets) && target !== 'all'
    ? `render-${createHash('sha256').update(JSON.stringify([cacheKey, target, opts])).update(imageInputs(projectDir)).digest('hex').slice(0, 40)}`
    : undefined;
  const kept = renderKey ? (readCached(renderKey, ctx.env) as RenderMemo | undefined) : undefined;
  let files = kept?.files;
  let notes = kept?.notes;
  let build: StackBuild | undefined;
  if (!files || !notes) {
    const [{ renderStack }, { buildStack }, { projectImageSources }, { imageNotes, stackImages }] = await Promise.all([
      import('../../render/render.js'),
      import('../../plan/build.js'),
      import('../../images/image-sources.js'),
      import('../../images/image-refs.js'),
    ]);
    const images = await projectImageSources(projectDir);
    build = buildStack(stack);
    // A target that names this machine's paths (native) gets the store paths the locator resolves, and a note for what is not pinned yet.
    const store = rendered.some((t) => t.machine) ? await (await import('../../artifacts/native-paths.js')).nativeArtifactPaths(build, projectDir, ctx.env) : undefined;
    files = await renderStack(build, target as TargetName | 'all', { ...opts, images, ...(store ? { artifactDir: store.artifactDir } : {}) });
    // What the rendered targets say of their images (each entry says which images it references).
    const audiences = new Set(rendered.flatMap((t) => (t.images ? [t.images] : [])));
    notes = [...(store?.notes ?? []), ...new Set([...audiences].flatMap((a) => imageNotes(build!.plans, stackImages(stack, a, images))))];
    if (renderKey && files.reduce((n, f) => n + f.content.length, 0) <= KEEP_BYTES) writeCached(renderKey, ctx.env, { files, notes } satisfies RenderMemo);
  }
  const archive = values.archive ? `${outDir.replace(/\/+$/, '')}.tar.gz` : undefined;
  // Everything that can refuse (a directory with a user's files, someone else's archive, a
  // render already under way) is checked before anything is created, secrets included.
  const output = await prepareOutput(outDir, files, { target, stack: stack.name }, archive ? { archive: { file: archive, prefix: `${stack.name}-${target}` } } : {});
  try {
    for (const t of rendered) {
      if (!t.provideSecrets) continue;
      // Only a render made now has secrets to provide (those of a machine are never kept): the build is at hand.
      for (const w of await t.provideSecrets(build!, projectDir, ctx.env)) ctx.stderr(`created secret ${w} (mode 0600)\n`);
    }
  } catch (e) {
    await output.abort();
    throw e;
  }
  await output.commit();
  for (const note of notes) ctx.stderr(`note: ${note}\n`);
  ctx.stdout(`rendered ${target} for stack "${stack.name}": ${files.length} files in ${outDir}\n`);
  if (archive) ctx.stdout(`archived to ${archive} (${output.archiveSize} bytes, reproducible)\n`);
  return 0;
}

interface RenderMemo {
  readonly files: OutputFile[];
  readonly notes: string[];
}

/** The project's files a render's images come from: the lock and the recorded pushes (images/image-sources.ts; a test keeps the paths equal). */
export function imageSourceFiles(projectDir: string): string[] {
  return [join(projectDir, LOCK_FILE_NAME), join(runPaths(projectDir).root, 'images', 'pushed.json')];
}

/** Their bytes, for the key of a kept render. */
function imageInputs(projectDir: string): string {
  return imageSourceFiles(projectDir)
    .map((f) => {
      try {
        return createHash('sha256').update(readFileSync(f)).digest('hex');
      } catch {
        return 'absent';
      }
    })
    .join(' ');
}
