import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { resolveStack } from '../../src/resolve/resolve.js';
import { renderStack } from '../../src/render/render.js';
import { writeOutput } from '../../src/render/output.js';
import { isStackError } from '../../src/core/errors.js';

/**
 * 1000 random and mutated definitions: each either renders every target or fails with a
 * StackError whose problems name a path, never another exception; and a failed render
 * leaves no output directory behind.
 */
const BASE = {
  name: 'prop',
  grafana: { port: 3000, adminUser: 'admin' },
  prometheus: { retention: '15d', scrape: [{ job: 'api', targets: ['127.0.0.1:8080'] }] },
  loki: { retention: '7d', ingestionRateMB: 8 },
  tempo: { metricsGenerator: true },
  rules: [{ name: 'g', rules: [{ alert: 'A', expr: 'up == 0', for: '5m' }] }],
  dashboards: [{ title: 'D', panels: [{ type: 'timeseries', title: 'P', targets: [{ refId: 'A', expr: 'rate(x[5m])' }] }] }],
};

const KEYS = ['name', 'grafana', 'prometheus', 'loki', 'tempo', 'rules', 'dashboards', 'datasources', 'bindAddress', 'port', 'ports', 'retention', 'settings', 'version', 'expr', 'targets', 'scrape', 'adminPassword', 'grpc', 'http', 'title', 'panels', 'uid', 'mystery'];

const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(false, true, null, 0, -1, 65536, 3100, 9095, '', '7d', 'x', '{', 'sum(', 'up{job="a"}', '127.0.0.1', '::1', [], {}),
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.anything({ maxDepth: 2 }),
);

/** A path into the base config (existing keys, plus random ones) and a value to put there. */
const mutation = fc.record({
  path: fc.array(fc.oneof(fc.constantFrom(...KEYS), fc.nat({ max: 2 })), { minLength: 1, maxLength: 4 }),
  value,
});

function mutate(base: unknown, muts: readonly { path: (string | number)[]; value: unknown }[]): unknown {
  const root = structuredClone(base) as Record<string | number, unknown>;
  for (const { path, value: v } of muts) {
    let node: Record<string | number, unknown> = root;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      if (typeof next !== 'object' || next === null) node[key] = {};
      node = node[key] as Record<string | number, unknown>;
    }
    node[path.at(-1)!] = v;
  }
  return root;
}

test('1000 random and mutated configs render or fail cleanly, never half-written', { timeout: 180_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gs-prop-'));
  let rendered = 0;
  let rejected = 0;
  await fc.assert(
    fc.asyncProperty(fc.oneof(fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.constant([])), fc.boolean(), async (muts, fromScratch) => {
      const config = fromScratch ? mutate({}, muts) : mutate(BASE, muts);
      const out = join(dir, `out-${rendered + rejected}`);
      try {
        const stack = await resolveStack(config);
        const files = renderStack(stack, 'all', { outDir: out, projectDir: dir });
        await writeOutput(out, files, { target: 'all', stack: stack.name });
        rendered++;
        assert.ok(existsSync(join(out, 'native/services.json')));
      } catch (e) {
        if (!isStackError(e)) throw new Error(`not a clean error for ${JSON.stringify(config)}: ${(e as Error).stack}`);
        rejected++;
        assert.ok(e.problems.length > 0 || e.message.length > 0);
        for (const p of e.problems) {
          assert.equal(typeof p.path, 'string');
          assert.ok(p.message.length > 0);
          assert.doesNotMatch(p.message, /^Invalid input$/, `unhelpful message at ${p.path}`);
        }
        assert.ok(!existsSync(out), 'no output directory after an error');
      }
    }),
    { numRuns: 1000 },
  );
  assert.ok(rendered > 50 && rejected > 50, `both outcomes exercised (rendered ${rendered}, rejected ${rejected})`);
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp-')), [], 'no temporary directories left');
});
