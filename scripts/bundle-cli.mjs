// The command line bundled from tsc's dist/ by esbuild, into dist/bundle/, in two forms:
//
// - Split ES modules (launch.js, main.js and their chunks), for most commands. Node's ESM
//   loader resolves, reads, compiles and links each module on its own, and a render needs
//   about 490 of tsc's: bundled, they are a few chunks, and code splitting keeps what commands
//   import lazily (targets, validators, query grammars) in chunks of their own.
// - The whole CLI as one classic script (whole.js), with V8's code cache of a training run
//   beside it (scripts/train-whole-cli.mjs): the commands that build the whole stack run
//   from it (src/cli/whole-cli.ts says why).
//
// Both carry the same build id (a hash of the code bundled), so the user cache entries one
// writes, the other reads (src/core/build-id.ts). The library (dist/index.js) and its types
// stay tsc's output: a user's definition that imports 'grafana-stack' loads that.
//
// Every file sits in dist/bundle/, two levels below the package as tsc's files in
// dist/<layer>/ are, so paths the code takes from import.meta.url (../index.js) hold in all
// three; paths to the package's own files go through core/package-root.ts.
import { build, transform, version as esbuildVersion } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';

const root = fileURLToPath(new URL('..', import.meta.url));
const require = createRequire(import.meta.url);
const dist = join(root, 'dist');
const outdir = join(dist, 'bundle');

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

/**
 * The build id: the code bundled (tsc's output, the dependencies' versions) and how (esbuild
 * and this script). The same id is the same whole.js, which the user's copy of its code
 * cache is named by: V8 checks a cache against its source's length only.
 */
function buildId() {
  const h = createHash('sha256').update(`esbuild ${esbuildVersion}\n`);
  h.update(readFileSync(fileURLToPath(import.meta.url)));
  h.update(readFileSync(join(root, 'package-lock.json')));
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (p !== outdir) walk(p);
      } else if (e.name.endsWith('.js')) h.update(`${relative(dist, p)}\n`).update(readFileSync(p));
    }
  };
  walk(dist);
  return h.digest('hex').slice(0, 16);
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  plugins: [yamlEsm],
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'linked',
  logLevel: 'warning',
  write: false,
  define: { __GRAFANA_STACK_BUILD__: JSON.stringify(buildId()) },
};

/**
 * esbuild writes strings ASCII-only but keeps comments as they are: a comment with an
 * em dash would make V8 hold the whole file as two bytes per character, and decode it
 * slowly. Such characters become `?`, after checking that the code, comments aside, is the
 * same with and without them.
 */
async function asciiOnly(text, file) {
  if (!/[^\x00-\x7f]/.test(text)) return text;
  const ascii = text.replace(/[^\x00-\x7f]/gu, '?');
  const code = async (t) => (await transform(t, { minify: true, legalComments: 'none', format: file.endsWith('whole.js') ? undefined : 'esm', loader: 'js' })).code;
  if ((await code(text)) !== (await code(ascii))) throw new Error(`${file}: a non-ASCII character outside a comment`);
  return ascii;
}

async function writeOutputs(outputFiles) {
  for (const f of outputFiles) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.path.endsWith('.js') ? await asciiOnly(f.text, f.path) : f.contents);
  }
}

rmSync(outdir, { recursive: true, force: true });

const { COMMANDS } = await import(`${dist}/cli/commands.js`);
const wholeCommands = Object.keys(COMMANDS).filter((name) => COMMANDS[name].whole);
const elsewhere = Object.keys(COMMANDS).filter((name) => !COMMANDS[name].whole);

// 1. The split modules.
const split = await build({
  ...common,
  entryPoints: { main: `${dist}/cli/main.js` },
  outdir,
  splitting: true,
  format: 'esm',
  chunkNames: '[name]-[hash]',
  // jiti loads its own files by relative path (../dist/babel.cjs): it stays a package,
  // imported from node_modules, and only for TypeScript and JavaScript definitions.
  external: ['jiti'],
  // A CommonJS dependency that calls require() for one of Node's own modules finds it.
  banner: { js: "import { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);" },
});
await writeOutputs(split.outputFiles);

// 2. The whole CLI: one function, `(require, exports, importMetaUrl)`, that a vm.Script
// runs (src/cli/whole-cli.ts). A script cannot import, so Node's own modules and the
// packages listed below come through require(). Each of Node's is a module of the bundle that
// exports the values of the real one, so it is required only when a module that imports it
// is first evaluated, as in the split modules (requiring all of them up front cost 20 ms).
// Its getters (lazy parts of Node's modules, some costly) are read only when imported by
// name, as listed here: esbuild refuses the build when another one is.
const IMPORTED_GETTERS = { util: ['parseArgs'] };

/** A module of the bundle that stands for one of Node's (got by the expression `get`): its values, and the getters above. */
function builtinModuleSource(name, get) {
  const real = Object.getOwnPropertyDescriptors(require(name));
  const names = Object.keys(real).filter((k) => k !== 'default' && /^[A-Za-z_$][\w$]*$/.test(k) && ('value' in real[k] || IMPORTED_GETTERS[name]?.includes(k)));
  return `const m = ${get};\nexport default m;\nexport const { ${names.join(', ')} } = m;\n`;
}
// Packages required from node_modules, not bundled: jiti (above), and the archive code (tar,
// fflate: 200 KB) that only fetching a release or --archive runs. Every byte of the script
// is read and copied into V8 by every render and check, run or not.
const PACKAGES_VIA_REQUIRE = ['jiti', 'tar', 'fflate'];
const viaRequire = {
  name: 'via-require',
  setup(b) {
    b.onResolve({ filter: /^(node:)?[a-z_/]+$/ }, (a) => {
      if (PACKAGES_VIA_REQUIRE.includes(a.path)) return { path: a.path, namespace: 'via-require' };
      const name = a.path.replace(/^node:/, '');
      return builtinModules.includes(name) ? { path: name, namespace: 'via-require' } : undefined;
    });
    b.onLoad({ filter: /.*/, namespace: 'via-require' }, (a) => {
      if (PACKAGES_VIA_REQUIRE.includes(a.path)) return { contents: `module.exports = __node_require(${JSON.stringify(a.path)});\n`, loader: 'js' };
      return { contents: builtinModuleSource(a.path, `__node_require("node:${a.path}")`), loader: 'js' };
    });
  },
};
// Only the commands that run from it are in it: launch.ts sends every other command to the
// split modules, so here each of those is a module that says so if it is ever reached.
const onlyWholeCommands = {
  name: 'only-whole-commands',
  setup(b) {
    const file = new RegExp(`/dist/cli/commands/(${elsewhere.join('|')})\\.js$`);
    b.onLoad({ filter: file }, (a) => ({
      contents: `export const spec = { options: {} };\nexport async function run() { throw new Error(${JSON.stringify(`${a.path.match(file)[1]} runs from the split modules, not the whole CLI (cli/launch.ts)`)}); }\n`,
      loader: 'js',
    }));
  },
};
const whole = await build({
  ...common,
  plugins: [yamlEsm, viaRequire, onlyWholeCommands],
  stdin: { contents: "import { main } from './dist/cli/main.js';\n__whole.main = main;\n", resolveDir: root, sourcefile: 'whole-entry.js', loader: 'js' },
  outfile: join(outdir, 'whole.js'),
  format: 'esm',
  define: { ...common.define, 'import.meta.url': '__import_meta_url' },
  // __node_require: Node's require, under a name esbuild does not take for a require() to bundle.
  banner: { js: '(async function (require, __whole, __import_meta_url) { "use strict"; const __node_require = require;' },
  footer: { js: '})' },
});
const wholeJs = whole.outputFiles.find((f) => f.path.endsWith('whole.js'));
// A script cannot import: an import statement or import.meta is a syntax error here, at
// build time, not in the first command; a dynamic import of a package would fail when run.
new Script(wholeJs.text, { filename: wholeJs.path });
const dynamicImport = wholeJs.text.match(/\bimport\(\s*["'](?![./])[^"']*["']\s*\)/);
if (dynamicImport) throw new Error(`dist/bundle/whole.js imports a package dynamically: ${dynamicImport[0]}`);
await writeOutputs(whole.outputFiles);

// 3. The launcher (src/cli/launch.ts): a file of its own, which bin/grafana-stack.js imports,
// with the loader of the whole CLI (src/cli/whole-cli.ts) bundled in, evaluated only for
// render and check. Its Node modules come from process.getBuiltinModule, not import: an ES
// module import of each would cost a facade module, and a CommonJS loader beside it an
// import through the CommonJS translator. The split modules' entry stays an import of ./main.js.
const besideLauncher = {
  name: 'beside-the-launcher',
  setup: (b) => b.onResolve({ filter: /^\.\/main\.js$/ }, (a) => ({ path: a.path, external: true })),
};
const viaGetBuiltin = {
  name: 'via-get-builtin',
  setup(b) {
    b.onResolve({ filter: /^node:[a-z_/]+$/ }, (a) => ({ path: a.path.slice(5), namespace: 'via-get-builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'via-get-builtin' }, (a) => ({ contents: builtinModuleSource(a.path, `process.getBuiltinModule("node:${a.path}")`), loader: 'js' }));
  },
};
const launcher = await build({
  ...common,
  entryPoints: [`${dist}/cli/launch.js`],
  outfile: join(outdir, 'launch.js'),
  format: 'esm',
  plugins: [besideLauncher, viaGetBuiltin],
  define: { ...common.define, __WHOLE_COMMANDS__: JSON.stringify(wholeCommands) },
});
const launchJs = launcher.outputFiles.find((f) => f.path.endsWith('launch.js'));
if (/^import /m.test(launchJs.text)) throw new Error(`dist/bundle/launch.js imports a module: ${launchJs.text.match(/^import .*/m)[0]}`);
if (!launchJs.text.includes('import("./main.js")')) throw new Error('dist/bundle/launch.js does not import ./main.js');
await writeOutputs(launcher.outputFiles);

// 4. V8's code of a training run, beside the script.
const train = spawnSync(process.execPath, [join(root, 'scripts', 'train-whole-cli.mjs')], { stdio: 'inherit' });
if (train.status !== 0) throw new Error(`scripts/train-whole-cli.mjs exited ${train.status ?? train.signal}`);
