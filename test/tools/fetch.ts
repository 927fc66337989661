// Builds what the tests need that no package manager here provides, into the store, each
// version once per machine (a later run finds it): the pinned test tools
// (test/tools/pins.ts), the permissively licensed components built from their Go modules,
// packed into the local release mirror (test/tools/mirror.ts), and Kubernetes' OpenAPI
// schemas. `npm run fetch:tools [ID...]`, cheapest first.
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { addEntry, defaultStoreDir } from '../../src/artifacts/store.js';
import { cleanStale } from '../../src/artifacts/scratch.js';
import { fetchSource, goStreaming, goVersion } from '../../src/artifacts/providers/source.js';
import { HELLO, TOOL_PINS, type ToolId, type ToolPin, type WrapperPin } from './pins.js';
import { isWrapper, toolStoreKey, TOOLS_DIR } from './store.js';
import { BUILT_COMPONENTS, buildComponent } from './components.js';
import { KUBERNETES_VERSIONS } from '../validators/k8s-openapi.js';
import { ensureTestMirror } from './mirror.js';


type Id = ToolId | (typeof BUILT_COMPONENTS)[number] | 'openapi' | 'mirror';
const known = new Set<string>([...Object.keys(TOOL_PINS), ...BUILT_COMPONENTS, 'openapi', 'mirror']);
// Cheapest first, so a cold machine's time budget runs out on what the fewest tests need;
// anything pinned but not placed here comes last, so no pin is ever left unbuilt.
const FIRST: Id[] = ['parsers', 'node-exporter', 'openapi', 'alertmanager', 'kube-score', 'helm', 'helm3', 'proxy', 'prometheus', 'mirror', 'etcd', 'kubectl', 'kube-apiserver', 'kube-state-metrics'];
const ORDER = [...FIRST, ...([...known] as Id[]).filter((id) => !FIRST.includes(id))];
const wanted = (process.argv.slice(2).length ? process.argv.slice(2) : ORDER) as Id[];
const unknown = wanted.filter((id) => !known.has(id));
if (unknown.length) {
  console.error(`fetch:tools: unknown ${unknown.join(', ')} (known: ${[...known].join(', ')})`);
  process.exit(2);
}
const env: NodeJS.ProcessEnv = { ...process.env, GOFLAGS: '-mod=readonly', GOWORK: 'off', CGO_ENABLED: '0', GOTOOLCHAIN: 'local' };
const go = await goVersion(env);
for (const p of await cleanStale(defaultStoreDir())) console.log(`fetch:tools: removed ${p}, left by an interrupted run`);
let failed = 0;
for (const id of wanted) {
  const started = Date.now();
  const log = (line: string) => console.log(`  ${id}: ${line}`);
  const quiet = (l: string) => (l.startsWith('  ') ? undefined : log(l));
  try {
    let where: string;
    if (id === 'openapi') where = openapiModules();
    else if (id === 'mirror') where = await mirror();
    else if ((BUILT_COMPONENTS as string[]).includes(id)) where = (await buildComponent(id as (typeof BUILT_COMPONENTS)[number], quiet)).dir;
    else {
      const pin: ToolPin = TOOL_PINS[id as ToolId];
      where = (isWrapper(pin) ? await buildWrapper(pin, log) : await fetchSource(pin.build, { storeDir: defaultStoreDir(), component: pin.name, version: pin.version, log: quiet })).dir;
    }
    console.log(`fetch:tools: ${id} in ${where} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  } catch (e) {
    failed++;
    console.error(`fetch:tools: ${id} failed: ${(e as Error).message}`);
  }
}
process.exit(failed ? 1 : 0);

/** `go build` in the wrapper module; go.sum (read-only mode) checks every dependency. */
function buildWrapper(pin: WrapperPin, log: (l: string) => void) {
  const dir = join(TOOLS_DIR, pin.dir);
  return addEntry(defaultStoreDir(), toolStoreKey(pin, go), { component: pin.name, version: pin.version, origin: { provider: 'wrapper', dir: `test/tools/${pin.dir}`, go } }, async (out) => {
    for (const [name, pkg] of Object.entries(pin.packages)) {
      log(`building ${name} (${pkg}) with ${go}`);
      await goStreaming(['build', '-trimpath', '-buildvcs=false', '-ldflags', ['-s', '-w', ...pin.ldflags].join(' '), '-o', join(out, name), pkg], dir, env, log);
    }
  });
}

/**
 * Puts the modules the fast suite reads into the module cache, so it runs offline: the
 * k8s.io/kubernetes zips (their OpenAPI schemas) and the tiny module the source provider's
 * test builds.
 */
function openapiModules(): string {
  for (const m of [...Object.keys(KUBERNETES_VERSIONS).map((v) => `k8s.io/kubernetes@${v}`), HELLO]) {
    const r = spawnSync('go', ['mod', 'download', '-json', m], { encoding: 'utf8', env: { ...env, GOFLAGS: '-mod=mod' }, timeout: 600_000 });
    if (r.status !== 0) throw new Error(`go mod download ${m}: ${r.stdout}${r.stderr}`);
  }
  return 'the Go module cache';
}

async function mirror(): Promise<string> {
  const m = await ensureTestMirror(go);
  if ('missing' in m) throw new Error(m.missing);
  return m.dir;
}
