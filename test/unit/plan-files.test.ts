import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planFiles } from '../../src/targets/plan-files.js';
import { ref, type RefResolver } from '../../src/model/refs.js';
import { deepFreeze } from '../../src/core/deep-freeze.js';
import type { ServicePlan } from '../../src/model/service-plan.js';

/**
 * planFiles writes a file that names no reference once per process and gives every target
 * that text (check and render all render five targets); a file with a reference is written
 * for each target with that target's values, never with another's.
 */

const resolver = (host: string): RefResolver =>
  ({
    endpoint: (s: string, p: string) => `${host}-${s}:${p}`,
    url: (s: string, p: string, path: string) => `http://${host}-${s}:${p}${path}`,
    bindHost: () => host,
    planned: () => true,
  }) as unknown as RefResolver;

test('a file without references is the same text for every target; one with references is each target\'s own', () => {
  const plan = deepFreeze({
    name: 'svc',
    files: [
      { path: 'plain.yaml', format: 'yaml', content: { a: [1, 'two'], b: { c: null } } },
      { path: 'with-ref.yaml', format: 'yaml', content: { listen: ref.bindHost(), nested: [{ url: ref.url('other', 'http', '/x') }] } },
    ],
  }) as unknown as ServicePlan;
  const [a, b] = [planFiles(plan, resolver('alpha')), planFiles(plan, resolver('beta'))];
  assert.equal(a[0]!.content, 'a:\n  - 1\n  - two\nb:\n  c: null\n');
  assert.equal(b[0]!.content, a[0]!.content);
  assert.equal(a[1]!.content, 'listen: alpha\nnested:\n  - url: http://alpha-other:http/x\n');
  assert.equal(b[1]!.content, 'listen: beta\nnested:\n  - url: http://beta-other:http/x\n');
  // And again, after both were seen: nothing of one target's leaks into another's.
  assert.equal(planFiles(plan, resolver('gamma'))[1]!.content, 'listen: gamma\nnested:\n  - url: http://gamma-other:http/x\n');
});

test('a file that is not frozen is written anew each time (its content could change)', () => {
  const content = { n: 1 };
  const plan = { name: 'svc', files: [{ path: 'x.json', format: 'json', content }] } as unknown as ServicePlan;
  assert.equal(planFiles(plan, resolver('a'))[0]!.content, '{\n  "n": 1\n}\n');
  content.n = 2;
  assert.equal(planFiles(plan, resolver('a'))[0]!.content, '{\n  "n": 2\n}\n');
});
