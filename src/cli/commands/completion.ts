import type { CommandContext } from '../command.js';
import { parseCommandArgs } from '../args.js';
import type { CommandSpec } from '../command-spec.js';
import { StackError } from '../../core/errors.js';
import { bashCompletion } from '../completion/bash.js';
import { fishCompletion } from '../completion/fish.js';
import { completionModel } from '../completion/model.js';
import { zshCompletion } from '../completion/zsh.js';

const SHELLS = { bash: bashCompletion, zsh: zshCompletion, fish: fishCompletion } as const;

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
  ctx.stdout(SHELLS[shell as keyof typeof SHELLS](await completionModel()));
  return 0;
}
