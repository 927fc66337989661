/** A systemd unit file: sections of ordered key/value pairs (keys may repeat). */
export type UnitSections = Record<string, readonly (readonly [string, string])[]>;

export function renderUnit(header: string, sections: UnitSections): string {
  const out = header.split('\n').map((l) => `# ${l}`);
  for (const [name, entries] of Object.entries(sections)) {
    if (!entries.length) continue;
    out.push('', `[${name}]`, ...entries.map(([k, v]) => `${k}=${v}`));
  }
  return `${out.join('\n')}\n`;
}

/** Quotes one ExecStart argument the way systemd splits command lines. */
export function quoteArg(arg: string): string {
  const escaped = arg.replaceAll('%', '%%').replaceAll('$', '$$$$');
  return /[\s"'\\;]/.test(escaped) || escaped === '' ? `"${escaped.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"` : escaped;
}
