import { resolve } from 'node:path';
import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { loadStack } from '../load-stack.js';
import { StackError } from '../../core/errors.js';
import { checkNamespaceOption } from '../../config/kubernetes-names.js';
import { prepareOutput } from '../../render/output.js';
import { RENDERABLE, nativeStateDir, renderStack } from '../../render/render.js';
import { planStack } from '../../plan/plan.js';
import { materializeNativeSecrets } from '../../targets/native/secrets.js';
import { projectImageSources } from '../../images/image-sources.js';
import { imageNotes, stackImages } from '../../images/image-refs.js';
import type { TargetName } from '../../targets/registry.js';

const CHOICES = [...RENDERABLE, 'all'];

export const spec = {
  usage: 'render <native|systemd|compose|kubernetes|helm|all> --out DIR [--archive]',
  options: {
    out: { type: 'string', short: 'o', value: 'DIR', complete: 'dir', description: 'directory to write (required)' },
    archive: { type: 'boolean', description: 'also write a reproducible DIR.tar.gz' },
    namespace: { type: 'string', value: 'NS', description: "kubernetes, helm: the namespace instead of the definition's" },
    prefix: { type: 'string', value: 'DIR', complete: 'dir', description: 'systemd: where the binaries are installed (default /opt/grafana-stack)' },
    'etc-dir': { type: 'string', value: 'DIR', complete: 'dir', description: 'systemd: where the configs are installed (default /etc/grafana-stack)' },
  },
  positionals: [{ name: 'TARGET', description: 'what to write', complete: CHOICES }],
} as const satisfies CommandSpec;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('render', args, spec);
  const target = positionals[0];
  if (!target || positionals.length > 1) throw new StackError(`render needs one target: ${CHOICES.join(', ')}`);
  if (!CHOICES.includes(target)) throw new StackError(`unknown target "${target}": expected one of ${CHOICES.join(', ')}`);
  if (!values.out) throw new StackError('render needs --out DIR');
  if (values.namespace !== undefined) {
    const bad = checkNamespaceOption(values.namespace);
    if (bad) throw new StackError(bad);
  }
  const { stack, projectDir } = await loadStack(ctx);
  const outDir = resolve(ctx.cwd, values.out);
  const images = await projectImageSources(projectDir);
  const files = renderStack(stack, target as TargetName | 'all', {
    images,
    outDir,
    projectDir,
    systemd: {
      ...(values.prefix ? { prefix: values.prefix } : {}),
      ...(values['etc-dir'] ? { etcDir: values['etc-dir'] } : {}),
    },
    kubernetes: values.namespace !== undefined ? { namespace: values.namespace } : {},
  });
  const archive = values.archive ? `${outDir.replace(/\/+$/, '')}.tar.gz` : undefined;
  // Everything that can refuse (a directory with a user's files, someone else's archive, a
  // render already under way) is checked before anything is created, secrets included.
  const output = await prepareOutput(outDir, files, { target, stack: stack.name }, archive ? { archive: { file: archive, prefix: `${stack.name}-${target}` } } : {});
  try {
    if (target === 'native' || target === 'all') {
      const written = await materializeNativeSecrets(planStack(stack), nativeStateDir(projectDir), ctx.env);
      for (const w of written) ctx.stderr(`created secret ${w} (mode 0600)\n`);
    }
  } catch (e) {
    await output.abort();
    throw e;
  }
  await output.commit();
  if (target !== 'native' && target !== 'systemd') {
    for (const note of imageNotes(planStack(stack), stackImages(stack, target === 'compose' ? 'compose' : 'cluster', images))) ctx.stderr(`note: ${note}\n`);
  }
  ctx.stdout(`rendered ${target} for stack "${stack.name}": ${files.length} files in ${outDir}\n`);
  if (archive) ctx.stdout(`archived to ${archive} (${output.archiveSize} bytes, reproducible)\n`);
  return 0;
}
