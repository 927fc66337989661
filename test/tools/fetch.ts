// Builds the pinned test tools (test/tools/pins.ts) into the store: `npm run fetch:tools [ID...]`.
// Each is built once per machine; a later run finds it and prints where it is.
import { join } from 'node:path';
import { addEntry, defaultStoreDir } from '../../src/artifacts/store.js';
import { fetchSource, goStreaming, goVersion } from '../../src/artifacts/providers/source.js';
import { TOOL_PINS, type ToolId, type ToolPin, type WrapperPin } from './pins.js';
import { isWrapper, toolStoreKey, TOOLS_DIR } from './store.js';

const wanted = (process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(TOOL_PINS)) as ToolId[];
const unknown = wanted.filter((id) => !(id in TOOL_PINS));
if (unknown.length) {
  console.error(`fetch:tools: unknown tool ${unknown.join(', ')} (known: ${Object.keys(TOOL_PINS).join(', ')})`);
  process.exit(2);
}
const env: NodeJS.ProcessEnv = { ...process.env, GOFLAGS: '-mod=readonly', GOWORK: 'off', CGO_ENABLED: '0', GOTOOLCHAIN: 'local' };
const go = await goVersion(env);
let failed = 0;
for (const id of wanted) {
  const pin: ToolPin = TOOL_PINS[id];
  const started = Date.now();
  const log = (line: string) => console.log(`  ${id}: ${line}`);
  try {
    const entry = isWrapper(pin)
      ? await buildWrapper(pin, log)
      : await fetchSource(pin.build, { storeDir: defaultStoreDir(), component: pin.name, version: pin.version, log: (l) => (l.startsWith('  ') ? undefined : log(l)) });
    console.log(`fetch:tools: ${id} ${pin.version} in ${entry.dir} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  } catch (e) {
    failed++;
    console.error(`fetch:tools: ${id} ${pin.version} failed: ${(e as Error).message}`);
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
