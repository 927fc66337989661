import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { loadStack } from '../load-stack.js';
import { StackError } from '../../core/errors.js';
import { checkNamespaceOption } from '../../schema/kubernetes-names.js';
import { k8sApply, k8sDelete, k8sDiff } from '../../k8s/deploy.js';

const ACTIONS = ['apply', 'diff', 'delete'] as const;

export const spec = {
  usage: 'k8s <apply|diff|delete> [--context C] [--namespace NS] [--no-wait] [--timeout S]',
  options: {
    context: { type: 'string', value: 'NAME', description: 'kubeconfig context (default: the current one)' },
    kubeconfig: { type: 'string', value: 'FILE', complete: 'file', description: 'kubeconfig file (default: $KUBECONFIG or ~/.kube/config)' },
    namespace: { type: 'string', value: 'NS', description: "deploy into this namespace instead of the definition's" },
    'no-wait': { type: 'boolean', description: 'apply: return without waiting for the rollouts' },
    timeout: { type: 'string', value: 'S', description: 'apply: seconds to wait for every rollout (default 600)' },
  },
  positionals: [{ name: 'ACTION', description: 'apply (server-side, prunes by label), diff, or delete (keeps the namespace and volumes)', complete: ACTIONS }],
} as const satisfies CommandSpec;

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('k8s', args, spec);
  const action = positionals[0];
  if (positionals.length !== 1 || !action || !(ACTIONS as readonly string[]).includes(action)) throw new StackError(`k8s needs one action: ${ACTIONS.join(', ')}`);
  const timeoutSeconds = values.timeout === undefined ? 600 : Number(values.timeout);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds <= 0) throw new StackError(`--timeout: expected whole seconds, got ${JSON.stringify(values.timeout)}`);
  if (values.namespace !== undefined) {
    const bad = checkNamespaceOption(values.namespace);
    if (bad) throw new StackError(bad);
  }
  const { stack, projectDir } = await loadStack(ctx);
  const { buildStack } = await import('../../plan/build.js');
  const o = {
    build: buildStack(stack),
    projectDir,
    env: ctx.env,
    kubernetes: values.namespace !== undefined ? { namespace: values.namespace } : {},
    log: (l: string) => ctx.stderr(`${l}\n`),
    ...(values.context ? { context: values.context } : {}),
    ...(values.kubeconfig ? { kubeconfig: values.kubeconfig } : {}),
  };
  const started = Date.now();
  const took = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  switch (action) {
    case 'diff':
      return k8sDiff(o);
    case 'delete': {
      const { keptClaims, namespace } = await k8sDelete(o);
      ctx.stdout(`deleted stack "${stack.name}" (${took()}); kept namespace ${namespace} and its ${keptClaims} PersistentVolumeClaims (the data): \`kubectl delete namespace ${namespace}\` removes them\n`);
      return 0;
    }
    default: {
      const wait = !values['no-wait'];
      const { applied, pruned } = await k8sApply({ ...o, wait, timeoutSeconds });
      ctx.stdout(`applied stack "${stack.name}": ${applied} objects${pruned.length ? `, pruned ${pruned.length}` : ''}${wait ? ', rolled out' : ''} (${took()})\n`);
      return 0;
    }
  }
}
