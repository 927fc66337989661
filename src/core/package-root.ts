import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;
let version: string | undefined;

/**
 * This package's own directory (the one holding its package.json), found by walking up from
 * this module. The code runs from three places at different depths (`src/` under tsx, the
 * compiled `dist/` and the bundled CLI in `dist/bundle/`), so paths to the package's own
 * files (its manifest, `bin/`, `go/`) are taken from here, never from `../..` counting.
 */
export function packageRoot(): string {
  if (root) return root;
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    const pkg = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string }) : undefined;
    if (pkg?.name === 'grafana-stack') {
      version = pkg.version;
      return (root = dir);
    }
    if (dirname(dir) === dir) throw new Error(`no grafana-stack package.json above ${fileURLToPath(import.meta.url)}`);
  }
}

/** The version in this package's manifest. */
export function packageVersion(): string {
  packageRoot(); // reads the manifest once, version and all
  return version as string;
}
