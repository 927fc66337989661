import { addPath } from './key-tree.js';

/**
 * Reads the generated configuration reference that Loki, Mimir and Pyroscope publish
 * (tools/doc-generator): a root ```yaml block, then `### <block>` sections, each a ```yaml
 * block of `[key: <type> | default = ...]` fields and `key:` sub-blocks. A field whose type
 * names a section (`[server: <server>]`, `[configs: <list of period_configs>]`) has that
 * section's keys below it; `<map of ...>` fields are open (their keys are the user's).
 */
export function parseCortexDoc(markdown: string, rootHeading: string): { keys: string[]; open: string[] } {
  const sections = new Map<string, string[]>();
  const lines = markdown.split('\n');
  let root: string[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const heading = /^#{2,3} (.+)$/.exec(lines[i]!);
    if (!heading) continue;
    const block = yamlBlockAfter(lines, i + 1);
    if (!block) continue;
    if (heading[1]!.trim() === rootHeading) root = block;
    else if (/^[a-z0-9_]+$/.test(heading[1]!.trim())) sections.set(heading[1]!.trim(), block);
  }
  if (!root) throw new Error(`no root block under the heading "${rootHeading}"`);
  const keys = new Set<string>();
  const open = new Set<string>();
  walk(root, '', sections, keys, open, 0);
  return { keys: [...keys].sort(), open: [...open].sort() };
}

/** The lines of the first ```yaml block after `from`, before the next heading. */
function yamlBlockAfter(lines: string[], from: number): string[] | undefined {
  for (let i = from; i < lines.length; i++) {
    if (/^#{1,3} /.test(lines[i]!)) return undefined;
    if (lines[i]!.trim() === '```yaml') {
      const end = lines.indexOf('```', i + 1);
      return lines.slice(i + 1, end < 0 ? undefined : end);
    }
  }
  return undefined;
}

const FIELD = /^\[([A-Za-z0-9_.-]+):\s*(<[^>]*>)?/;
const BLOCK = /^([A-Za-z0-9_.-]+):\s*$/;

function walk(block: string[], prefix: string, sections: Map<string, string[]>, keys: Set<string>, open: Set<string>, depth: number): void {
  if (depth > 12) throw new Error(`section references nest too deep at ${prefix}`);
  const stack: { indent: number; path: string }[] = [];
  const join = (a: string, b: string) => (a ? `${a}.${b}` : b);
  for (const raw of block) {
    if (!raw.trim() || raw.trim().startsWith('#')) continue;
    const indent = raw.length - raw.trimStart().length;
    const line = raw.trim();
    while (stack.length && stack[stack.length - 1]!.indent >= indent) stack.pop();
    const parent = stack.length ? stack[stack.length - 1]!.path : prefix;
    const field = FIELD.exec(line);
    if (field) {
      const path = join(parent, field[1]!);
      addPath(keys, path);
      const type = field[2]?.slice(1, -1).trim() ?? '';
      const list = /^list of (.+)$/.exec(type);
      const target = list ? section(list[1]!, sections) : section(type, sections);
      if (target) walk(sections.get(target)!, list ? `${path}[]` : path, sections, keys, open, depth + 1);
      else if (/^map of /.test(type)) open.add(path);
      if (list && target) addPath(keys, `${path}[]`);
      continue;
    }
    const sub = BLOCK.exec(line);
    if (sub) {
      const path = join(parent, sub[1]!);
      addPath(keys, path);
      stack.push({ indent, path });
    }
  }
}

/** The section a type names: `server`, or `period_configs` for the section `period_config`. */
function section(type: string, sections: Map<string, string[]>): string | undefined {
  if (sections.has(type)) return type;
  if (type.endsWith('s') && sections.has(type.slice(0, -1))) return type.slice(0, -1);
  return undefined;
}
