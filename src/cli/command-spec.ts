/**
 * What a command accepts, declared once: its parser reads the options, `<command> --help`
 * prints them, and `completion <shell>` turns them into bash, zsh and fish completions, so
 * the three cannot drift apart.
 */

/** What a value completes to: fixed words, a path, or names the tool knows. */
export type ValueCompletion = readonly string[] | 'file' | 'dir' | 'component' | 'service';

/** One option; `type`, `short`, `multiple` and `default` are node:util parseArgs' own keys. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
  readonly default?: string | boolean | string[];
  readonly description: string;
  /** Placeholder of the value in help (`DIR`); string options only. */
  readonly value?: string;
  /** What the value completes to; a list of words is also the only values accepted. */
  readonly complete?: ValueCompletion;
  /** Said after the list of accepted values when another is given. */
  readonly refusal?: string;
  /** Not shown in help or completion (internal plumbing). */
  readonly hidden?: boolean;
}

export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  readonly complete?: ValueCompletion;
  /** Takes any number of values (`fetch [C...]`). */
  readonly variadic?: boolean;
}

export interface CommandSpec {
  /** One-line usage after `grafana-stack `. */
  readonly usage: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly positionals?: readonly PositionalSpec[];
  /** Paragraphs printed after the options in `--help`. */
  readonly notes?: readonly string[];
}

/** Options every command takes; main.ts parses them before the command sees its arguments. */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  config: { type: 'string', short: 'c', value: 'FILE', complete: 'file', description: 'the stack definition (default: grafana-stack.config.* here, else the default stack)' },
  set: { type: 'string', multiple: true, value: 'PATH=VALUE', description: 'override one setting, typed by the schema (repeatable; wins over GRAFANA_STACK_* and the file)' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

/** `--help` text of a command. */
export function commandHelp(name: string, summary: string, spec: CommandSpec): string {
  const rows: [string, string][] = [];
  for (const p of spec.positionals ?? []) {
    const choices = Array.isArray(p.complete) ? `: ${(p.complete as readonly string[]).join(', ')}` : '';
    rows.push([p.variadic ? `${p.name}...` : p.name, p.description + choices]);
  }
  const options = Object.entries({ ...spec.options, ...GLOBAL_OPTIONS }).filter(([, o]) => !o.hidden);
  for (const [long, o] of options) rows.push([optionLabel(long, o), o.description + defaultNote(o)]);
  const width = Math.min(30, Math.max(...rows.map(([l]) => l.length)));
  const lines = [`Usage: grafana-stack ${spec.usage}`, '', `${summary[0]!.toUpperCase()}${summary.slice(1)}.`, ''];
  const positionals = spec.positionals?.length ?? 0;
  if (positionals) lines.push('Arguments:', ...rows.slice(0, positionals).map((r) => row(r, width)), '');
  lines.push('Options:', ...rows.slice(positionals).map((r) => row(r, width)), '');
  for (const n of spec.notes ?? []) lines.push(n, '');
  return lines.join('\n');
}

function optionLabel(long: string, o: OptionSpec): string {
  const value = o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : '';
  return `${o.short ? `-${o.short}, ` : '    '}--${long}${value}`;
}

function defaultNote(o: OptionSpec): string {
  return o.type === 'string' && typeof o.default === 'string' ? ` (default ${o.default})` : '';
}

function row([label, text]: [string, string], width: number): string {
  return label.length > width ? `  ${label}\n  ${' '.repeat(width)}  ${text}` : `  ${label.padEnd(width)}  ${text}`;
}
