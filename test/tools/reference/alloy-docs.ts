/**
 * Reads Alloy's component reference (docs/sources/reference/components/<ns>/<name>.md and
 * docs/sources/reference/config-blocks/<name>.md): the arguments tables of "## Arguments",
 * the block paths of the "## Blocks" table (`client` > [`tls`][tls]), and each block's
 * arguments from its `### <block>` section, following {{< docs/shared lookup=... >}} includes.
 * Keys are `<component>`, `<component>/<arg>`, `<component>/<block>` and
 * `<component>/<block>.<arg>` (nested blocks joined with dots).
 */
export function parseAlloyDoc(markdown: string, readShared: (lookup: string) => string | undefined): { name: string; keys: string[] } {
  const title = /^title:\s*(\S+)\s*$/m.exec(markdown);
  if (!title) throw new Error('an Alloy reference page without a title');
  const name = title[1]!;
  const text = expandShared(markdown, readShared, 0);
  const sections = splitSections(text);
  const keys = new Set<string>([name]);
  for (const arg of argumentNames(sections.get('## Arguments') ?? '')) keys.add(`${name}/${arg}`);
  // config-blocks pages (logging) have their arguments table right under the title.
  if (!sections.has('## Arguments')) for (const arg of argumentNames(sections.get('') ?? '')) keys.add(`${name}/${arg}`);
  for (const row of tableRows(sections.get('## Blocks') ?? '')) {
    const segments = row[0]!.split('>').map((s) => /`([^`]+)`/.exec(s)?.[1]).filter((s): s is string => Boolean(s));
    if (!segments.length) continue;
    const anchor = /\]\[([^\]]+)\]/.exec(row[0]!)?.[1] ?? segments[segments.length - 1]!;
    const path = segments.join('.');
    keys.add(`${name}/${path}`);
    for (const arg of argumentNames(sections.get(`### \`${anchor}\``) ?? '')) keys.add(`${name}/${path}.${arg}`);
  }
  return { name, keys: [...keys].sort() };
}

function expandShared(text: string, readShared: (lookup: string) => string | undefined, depth: number): string {
  if (depth > 4) return text;
  return text.replace(/\{\{<\s*docs\/shared\s+lookup="([^"]+)"[^}]*\}\}/g, (whole, lookup: string) => {
    const shared = readShared(lookup);
    return shared === undefined ? whole : expandShared(shared.replace(/^---[\s\S]*?---\n/, ''), readShared, depth + 1);
  });
}

/** Text by heading (`## Arguments`, `### \`tls\``), each up to the next heading of any level. */
function splitSections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let current = '';
  let body: string[] = [];
  for (const line of text.split('\n')) {
    const h = /^(#{2,4} .+?)\s*$/.exec(line);
    if (h) {
      out.set(current, (out.get(current) ?? '') + body.join('\n'));
      current = h[1]!;
      body = [];
    } else body.push(line);
  }
  out.set(current, (out.get(current) ?? '') + body.join('\n'));
  return out;
}

function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((l) => l.trim().startsWith('|') && !/^\|\s*-/.test(l.trim()))
    .map((l) => l.trim().slice(1, -1).split('|').map((c) => c.trim()))
    .filter((cells) => !/^(Name|Block)$/.test(cells[0]!));
}

function argumentNames(text: string): string[] {
  return tableRows(text)
    .map((cells) => /^`([A-Za-z0-9_]+)`$/.exec(cells[0]!)?.[1])
    .filter((n): n is string => Boolean(n));
}
