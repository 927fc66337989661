import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importsOf, SRC, sourceFiles } from './source-graph.js';

/**
 * The layers of src/, bottom first: the one place their order is written (docs/design.md
 * explains it). A module may import its own layer and those below, never one above: a
 * constant or helper imported from a higher layer drags that layer's whole graph along
 * (the detached supervisor once loaded every component for one path helper). Type-only
 * imports count too: they are what makes the layering a design, not a load-time accident.
 */
export const LAYERS: readonly (readonly string[])[] = [
  // Pure helpers: errors, durations, quantities, canonical JSON, the user cache.
  ['core'],
  // zod building blocks shared by the definition's schema and the components' options.
  ['schema'],
  // The data every layer speaks: Stack, ServicePlan, refs, StackBuild, container paths.
  ['model'],
  // Writers of file formats, the query grammars, the dashboards' plain-data side.
  ['formats', 'queries', 'dashboards'],
  // Side by side, never importing each other: they meet only in the model.
  ['components', 'targets'],
  // The registries put to work: the definition's schema, resolve, plan (StackBuild).
  ['config', 'resolve', 'plan', 'versions.ts', 'define.ts'],
  // What a command does with the built stack.
  ['render', 'artifacts', 'images', 'registry', 'run', 'compose', 'k8s', 'shell', 'verify', 'validators'],
  ['cli'],
  // The public API re-exports from every layer.
  ['index.ts'],
];

/** The layer index of a module: its top folder (or its own name at the top of src/). */
function layerOf(file: string): number {
  const top = file.split('/')[0]!;
  return LAYERS.findIndex((l) => l.includes(top));
}

const files = sourceFiles();

test('every module of src/ belongs to a layer', () => {
  const unplaced = [...new Set(files.filter((f) => layerOf(f) < 0).map((f) => f.split('/')[0]))];
  assert.deepEqual(unplaced, [], `place these in LAYERS (test/unit/layers.test.ts) and docs/design.md`);
});

/**
 * The one import up the layers, and why: a TypeScript definition imports 'grafana-stack',
 * the public API, and the loader hands it this very module (a jiti virtual module) instead
 * of a second copy of the library imported from dist/ (0.3 s a command). It is dynamic,
 * run only when such a definition loads, which needs that whole API anyway.
 */
const DEFINITION_API = { from: 'config/load.ts', to: 'index.ts' };

test('no import runs up the layers', () => {
  const upward = files.flatMap((f) =>
    importsOf(f)
      .filter((i) => layerOf(i) > layerOf(f) && !(f === DEFINITION_API.from && i === DEFINITION_API.to))
      .map((i) => `${f} -> ${i} (${LAYERS[layerOf(f)]!.join('|')} imports ${LAYERS[layerOf(i)]!.join('|')})`),
  );
  assert.deepEqual(upward, []);
});

test("the definition's API is imported by the loader dynamically, never statically", () => {
  const text = readFileSync(join(SRC, DEFINITION_API.from), 'utf8');
  assert.match(text, /import\('\.\.\/index\.js'\)/, 'the loader imports the API where a definition needs it');
  assert.doesNotMatch(text, /^\s*(import|export)\s[^;]*from\s*'\.\.\/index\.js'/m, 'a static import would load the whole library for every definition, YAML too');
});

test('components never import targets, and targets never import components', () => {
  const crossing = files.flatMap((f) => {
    const [from] = f.split('/');
    if (from !== 'components' && from !== 'targets') return [];
    const other = from === 'components' ? 'targets/' : 'components/';
    return importsOf(f).filter((i) => i.startsWith(other)).map((i) => `${f} -> ${i}`);
  });
  assert.deepEqual(crossing, []);
});

test('the checks see imports of every kind (a test that cannot fail is a defect)', () => {
  const sample = importsOf('cli/commands/render.ts');
  assert.ok(sample.includes('core/errors.ts'), 'static import');
  assert.ok(sample.includes('model/build.ts'), 'type-only import');
  assert.ok(sample.includes('render/render.ts'), 'dynamic import');
  assert.ok(importsOf('targets/registry.ts').includes('targets/native/entry.ts'), 'dynamic import in a registry');
});
