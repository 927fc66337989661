// The command line as a few bundled files (dist/bundle/), built from tsc's dist/ by esbuild.
//
// Why: Node's ESM loader resolves, reads, compiles and links each module on its own, and a
// render or check of a whole stack needs about 490 of them (the schema library, every
// component, yaml): that loading was most of a render's time. Bundled,
// the same code is a few chunks, and code splitting keeps what commands import lazily
// (targets, components' validators, query grammars) in chunks of their own,
// loaded only by the commands that need them. The library (dist/index.js) and its types
// stay tsc's output: a user's definition that imports 'grafana-stack' loads that.
//
// The chunks sit two levels below the package, as tsc's files in dist/<layer>/ do, so the
// paths the code takes from import.meta.url (../index.js) hold in both; paths to the
// package's own files go through core/package-root.ts.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/**
 * yaml's ES module build (the same release, published for browsers; it differs from the
 * CommonJS one only in writing warnings with console.warn), so unused parts are left out.
 */
const yamlEsm = {
  name: 'yaml-esm',
  setup(b) {
    const files = { yaml: 'browser/index.js', 'yaml/util': 'browser/dist/util.js' };
    b.onResolve({ filter: /^yaml(\/util)?$/ }, (args) => ({ path: `${root}node_modules/yaml/${files[args.path]}` }));
  },
};

const outdir = `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { main: `${root}dist/cli/main.js` },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: '[name]-[hash]',
  plugins: [yamlEsm],
  // jiti loads its own files by relative path (../dist/babel.cjs): it stays a package,
  // imported from node_modules, and only for TypeScript and JavaScript definitions.
  external: ['jiti'],
  // A CommonJS dependency that calls require() for one of Node's own modules finds it.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'linked',
  logLevel: 'warning',
});
