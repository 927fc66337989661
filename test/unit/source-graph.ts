import { readFileSync, readdirSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { ROOT } from '../helpers.js';

export const SRC = join(ROOT, 'src');

/** Every TypeScript module under src/, relative to it (posix). */
export function sourceFiles(root = SRC): string[] {
  const walk = (d: string): string[] =>
    readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : e.name.endsWith('.ts') ? [relative(root, join(d, e.name)).split('\\').join('/')] : []));
  return walk(root);
}

/** The relative imports of a module (static, type-only, re-exports and dynamic), as paths relative to src/. */
export function importsOf(file: string, root = SRC): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  const specs = [...text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? m[2] ?? m[3]!);
  return specs.filter((s) => s.startsWith('.')).map((s) => posix.normalize(posix.join(posix.dirname(file), s)).replace(/\.js$/, '.ts'));
}

