#!/usr/bin/env node
// Thin launcher: `npm run build` (run on `npm install`) compiles the CLI to dist/ and bundles
// it into dist/bundle/ (scripts/bundle-cli.mjs), which is what runs.
import { main } from '../dist/bundle/main.js';

process.exitCode = await main(process.argv.slice(2));
