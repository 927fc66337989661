// Builds the pinned test tools (test/tools/pins.ts) into the store: `npm run fetch:tools [ID...]`.
// Each is built once per machine; a later run finds it and prints where it is.
import { defaultStoreDir } from '../../src/artifacts/store.js';
import { fetchSource } from '../../src/artifacts/providers/source.js';
import { TOOL_PINS, type ToolId } from './pins.js';

const wanted = (process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(TOOL_PINS)) as ToolId[];
let failed = 0;
for (const id of wanted) {
  const pin = TOOL_PINS[id];
  if (!pin) {
    console.error(`fetch:tools: unknown tool "${id}" (known: ${Object.keys(TOOL_PINS).join(', ')})`);
    process.exit(2);
  }
  const started = Date.now();
  try {
    const entry = await fetchSource(pin.build, {
      storeDir: defaultStoreDir(),
      component: pin.name,
      version: pin.version,
      log: (line) => (line.startsWith('  ') ? undefined : console.log(`  ${id}: ${line}`)),
    });
    console.log(`fetch:tools: ${id} ${pin.version} in ${entry.dir} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  } catch (e) {
    failed++;
    console.error(`fetch:tools: ${id} ${pin.version} failed: ${(e as Error).message}`);
  }
}
process.exit(failed ? 1 : 0);
