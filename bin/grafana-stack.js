#!/usr/bin/env node
// Thin launcher: `npm run build` (run on `npm install`) compiles the CLI to dist/ and bundles
// it into dist/bundle/ (scripts/bundle-cli.mjs), which is what runs: launch.js picks the
// form of the bundle a command runs from (src/cli/launch.ts).
import { launch } from '../dist/bundle/launch.js';

process.exitCode = await launch(process.argv.slice(2));
