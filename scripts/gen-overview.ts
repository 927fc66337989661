// `npm run gen:overview`: writes src/dashboards/overview-variants.gen.ts, the built-in overview
// dashboard as the Foundation SDK builds it (src/dashboards/overview-builder.ts) for every
// set of the components it depends on, with a placeholder for the stack's name. The CLI
// then needs no SDK (500 KB of code) to give a stack its overview.
// test/unit/overview-variants.test.ts fails when this file is out of date.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { overviewVariants, OVERVIEW_FILE_HEADER } from '../src/dashboards/overview-variants-source.js';

const out = fileURLToPath(new URL('../src/dashboards/overview-variants.gen.ts', import.meta.url));
writeFileSync(out, `${OVERVIEW_FILE_HEADER}export const OVERVIEW_VARIANTS: Readonly<Record<string, unknown>> = ${JSON.stringify(overviewVariants(), null, 2)};\n`);
console.log(`wrote ${out}`);
