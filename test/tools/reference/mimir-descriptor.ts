import { addPath } from './key-tree.js';

interface DescriptorEntry {
  readonly kind: 'block' | 'field';
  readonly name: string;
  readonly fieldType?: string;
  readonly blockEntries?: readonly DescriptorEntry[];
}

/**
 * Reads Mimir's cmd/mimir/config-descriptor.json (the machine-readable form of its
 * configuration reference): nested blocks and fields. `map of ...` fields are open; a
 * `list of ...` of blocks carries its entries under `name[]`.
 */
export function parseMimirDescriptor(json: string): { keys: string[]; open: string[] } {
  const root = JSON.parse(json) as DescriptorEntry;
  const keys = new Set<string>();
  const open = new Set<string>();
  const walk = (entries: readonly DescriptorEntry[], prefix: string) => {
    for (const e of entries) {
      if (!e.name) {
        if (e.blockEntries) walk(e.blockEntries, prefix);
        continue;
      }
      const path = prefix ? `${prefix}.${e.name}` : e.name;
      addPath(keys, path);
      if (e.kind === 'block' && e.blockEntries) walk(e.blockEntries, path);
      else if (/^map of /.test(e.fieldType ?? '')) open.add(path);
      else if (e.blockEntries) {
        addPath(keys, `${path}[]`);
        walk(e.blockEntries, `${path}[]`);
      }
    }
  };
  walk(root.blockEntries ?? [], '');
  return { keys: [...keys].sort(), open: [...open].sort() };
}
