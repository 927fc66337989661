import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import { loadStack } from '../load-stack.js';
import { StackError } from '../../core/errors.js';
import { k8sApply, k8sDelete, k8sDiff } from '../../k8s/deploy.js';

const ACTIONS = ['apply', 'diff', 'delete'];

export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'k8s',
    args,
    {
      context: { type: 'string' },
      kubeconfig: { type: 'string' },
      namespace: { type: 'string' },
      'no-wait': { type: 'boolean' },
      timeout: { type: 'string' },
    },
    true,
  );
  const action = positionals[0];
  if (positionals.length !== 1 || !action || !ACTIONS.includes(action)) throw new StackError(`k8s needs one action: ${ACTIONS.join(', ')}`);
  const timeoutSeconds = values.timeout === undefined ? 600 : Number(values.timeout);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds <= 0) throw new StackError(`--timeout: expected whole seconds, got ${JSON.stringify(values.timeout)}`);
  const { stack, projectDir } = await loadStack(ctx);
  const o = {
    stack,
    projectDir,
    env: ctx.env,
    kubernetes: values.namespace ? { namespace: values.namespace } : {},
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
