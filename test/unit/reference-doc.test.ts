import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers.js';
import { referenceMarkdown } from '../../src/config/reference-doc.js';

test('docs/reference.md is what the schema generates (grafana-stack schema --format markdown > docs/reference.md)', () => {
  assert.equal(readFileSync(join(ROOT, 'docs/reference.md'), 'utf8'), referenceMarkdown());
});

test('the reference lists keys with their type, default and description', () => {
  const md = referenceMarkdown();
  assert.match(md, /^\| `loki\.retention` \| string \| `"7d"` \| how long log lines are kept/m);
  assert.match(md, /^\| `grafana\.adminPassword` \| `\{ env \}` \\\| `\{ file \}` \| {2}\|/m);
  assert.match(md, /^\| `prometheus\.scrape\[\]\.kubernetes\.role` \| `"pod"` \\\| `"endpointslice"` \| `"pod"` \|/m);
  assert.match(md, /^\| `tempo\.ports\.otlp-http` \| port \|/m);
  for (const section of ['name', 'bindAddress', 'grafana', 'prometheus', 'loki', 'tempo', 'rules', 'kubernetes']) assert.match(md, new RegExp(`^## \`${section}\`$`, 'm'));
});
