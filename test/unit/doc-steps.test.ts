import { test } from 'node:test';
import assert from 'node:assert/strict';
import { docSteps, unmatchedOutput } from '../docs/doc-steps.js';

const PAGE = `# A page
<!-- docs-test: requires stack docker -->
<!-- docs-test: file grafana-stack.config.yaml -->
\`\`\`yaml
name: shop
\`\`\`
\`\`\`console
$ grafana-stack up --detach
…
stack "shop" is up: 4 services ready in 3.6s
$ grafana-stack down
\`\`\`
<!-- docs-test: not run: changes the host -->
\`\`\`sh
systemctl enable --now shop.target
\`\`\`
\`\`\`ts
const notACommand = 1;
\`\`\`
`;

test('a page becomes its files, commands with expected output, and the blocks it does not run', () => {
  const page = docSteps(PAGE);
  assert.deepEqual(page.requires, ['stack', 'docker']);
  assert.deepEqual(page.steps, [
    { kind: 'file', name: 'grafana-stack.config.yaml', content: 'name: shop\n' },
    { kind: 'command', command: 'grafana-stack up --detach', expected: ['…', 'stack "shop" is up: 4 services ready in 3.6s'], line: 8 },
    { kind: 'command', command: 'grafana-stack down', expected: [], line: 11 },
    { kind: 'not-run', reason: 'changes the host', line: 14 },
  ]);
});

test('a shell block that is neither a console block nor marked not run is refused', () => {
  assert.throws(() => docSteps('```bash\nrm -rf /\n```\n'), /line 1: a ```bash block is never run/);
  assert.throws(() => docSteps('<!-- docs-test: maybe -->\n'), /unknown docs-test directive "maybe"/);
});

test('expected output: … matches any text, a number only itself, and a missing line is named', () => {
  const out = 'x\nstack "shop" is up: 4 services ready in 12.75s\n  ✓ log  0.05s  run 0123abcd\n';
  assert.equal(unmatchedOutput(['stack "shop" is up: 4 services ready in …', '  ✓ log  …  run …'], out), undefined);
  assert.equal(unmatchedOutput(['stack "shop" is up: 5 services ready in …'], out), 'stack "shop" is up: 5 services ready in …', 'a documented count is checked');
  assert.equal(unmatchedOutput(['stack "shop" is up: 4 services ready in 3.6s'], out), 'stack "shop" is up: 4 services ready in 3.6s', 'a documented timing is checked too: write … for it');
  assert.equal(unmatchedOutput(['stack "other" is up: 4 services ready in 3.6s'], out), 'stack "other" is up: 4 services ready in 3.6s');
  assert.equal(unmatchedOutput(['stack (shop) is up'], 'stack (shop) is up\n'), undefined, 'regex characters are literal');
  assert.equal(unmatchedOutput(['is up'], 'stack is up\n'), 'is up', 'a line matches whole, not in part');
});
