import { COMPONENT_NAMES } from '../../components/registry.js';
import { GLOBAL_OPTIONS, type OptionSpec, type PositionalSpec, type ValueCompletion } from '../command-spec.js';
import { COMMANDS } from '../commands.js';

/** What the completion scripts are generated from: every visible command with its spec. */
export interface CompletionModel {
  readonly commands: readonly CompletedCommand[];
  readonly globals: readonly CompletedOption[];
}

export interface CompletedCommand {
  readonly name: string;
  readonly summary: string;
  readonly options: readonly CompletedOption[];
  readonly positional?: PositionalSpec;
}

export interface CompletedOption {
  readonly long: string;
  readonly short?: string;
  readonly takesValue: boolean;
  readonly repeatable: boolean;
  readonly description: string;
  readonly complete?: ValueCompletion;
}

/** Loads every command's spec (all modules: completion is generated once, not per keystroke). */
export async function completionModel(): Promise<CompletionModel> {
  const commands: CompletedCommand[] = [];
  for (const [name, entry] of Object.entries(COMMANDS)) {
    if (entry.hidden) continue;
    const { spec } = await entry.load();
    const positional = spec.positionals?.[0];
    commands.push({ name, summary: entry.summary, options: optionsOf(spec.options), ...(positional ? { positional } : {}) });
  }
  return { commands, globals: [...optionsOf(GLOBAL_OPTIONS), { long: 'version', takesValue: false, repeatable: false, description: 'print the version' }] };
}

function optionsOf(options: Readonly<Record<string, OptionSpec>>): CompletedOption[] {
  return Object.entries(options)
    .filter(([, o]) => !o.hidden)
    .map(([long, o]) => ({
      long,
      ...(o.short ? { short: o.short } : {}),
      takesValue: o.type === 'string',
      repeatable: Boolean(o.multiple),
      description: o.description,
      ...(o.complete ? { complete: o.complete } : {}),
    }));
}

/** The words a name-valued completion offers: known when the script is generated. */
export function wordsOf(c: ValueCompletion): readonly string[] | undefined {
  if (Array.isArray(c)) return c as readonly string[];
  if (c === 'component') return COMPONENT_NAMES;
  if (c === 'service') return [...COMPONENT_NAMES, 'supervisor'];
  return undefined;
}
