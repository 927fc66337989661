#!/usr/bin/env node
// Thin launcher: `npm run build` (run on `npm install`) compiles the CLI to dist/ and bundles
// it into dist/bundle/ (scripts/bundle-cli.mjs). Its launcher is CommonJS, required here, so
// that a command that runs from the whole CLI script loads no other ES module (launch.ts).
import { createRequire } from 'node:module';

const { launch } = createRequire(import.meta.url)('../dist/bundle/launch.cjs');
process.exitCode = await launch(process.argv.slice(2));
