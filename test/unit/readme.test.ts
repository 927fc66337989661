import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_VERSIONS } from '../../src/versions.js';
import { ROOT } from '../helpers.js';

/** The README's "What you get" names the versions a user gets: it may not drift from src/versions.ts. */
test('the README names every default version as it is pinned', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## What you get'), readme.indexOf('## On a fresh machine'));
  const names: Record<string, string> = { proxy: 'Caddy', 'node-exporter': 'node-exporter', 'kube-state-metrics': 'kube-state-metrics' };
  for (const [component, version] of Object.entries(DEFAULT_VERSIONS)) {
    const name = names[component] ?? component[0]!.toUpperCase() + component.slice(1);
    assert.match(section.replace(/\s+/g, ' '), new RegExp(`${name} ${version.replaceAll('.', '\\.')}\\b`), `${name} ${version} in "What you get"`);
  }
});
