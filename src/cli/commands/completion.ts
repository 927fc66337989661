import { createHash } from 'node:crypto';
import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { StackError } from '../../core/errors.js';
import { codeIdentity, readCached, writeCached } from '../stack-cache.js';

const SHELLS = {
  bash: async () => (await import('../completion/bash.js')).bashCompletion,
  zsh: async () => (await import('../completion/zsh.js')).zshCompletion,
  fish: async () => (await import('../completion/fish.js')).fishCompletion,
} as const;

export const spec = {
  usage: 'completion <bash|zsh|fish>',
  options: {},
  positionals: [{ name: 'SHELL', description: 'the shell to complete in', complete: Object.keys(SHELLS) }],
  notes: [
    'bash: source <(grafana-stack completion bash)',
    'zsh:  source <(grafana-stack completion zsh)   (after compinit)',
    'fish: grafana-stack completion fish | source',
  ],
} as const satisfies CommandSpec;

/** `completion <shell>`: the script, generated from the same specs the commands parse with. */
export async function run(args: string[], ctx: CommandContext): Promise<number> {
  const { positionals } = parseCommandArgs('completion', args, spec);
  const shell = positionals[0];
  if (positionals.length !== 1 || !shell || !(shell in SHELLS)) throw new StackError(`completion needs one shell: ${Object.keys(SHELLS).join(', ')}`);
  // The script is a function of this build alone (every command's spec), and shells run this
  // on every start: it is generated once (loading every command) and then read back.
  const code = codeIdentity();
  const key = code ? `completion-${shell}-${createHash('sha256').update(code).digest('hex').slice(0, 32)}` : undefined;
  const cached = key ? (readCached(key, ctx.env) as { script?: string } | undefined) : undefined;
  if (cached?.script) {
    ctx.stdout(cached.script);
    return 0;
  }
  const { completionModel } = await import('../completion/model.js');
  const script = (await SHELLS[shell as keyof typeof SHELLS]())(await completionModel());
  if (key) writeCached(key, ctx.env, { script });
  ctx.stdout(script);
  return 0;
}
