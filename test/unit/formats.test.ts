import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toIni } from '../../src/formats/ini.js';
import { toYaml } from '../../src/formats/yaml.js';
import { deepMerge } from '../../src/core/deep-merge.js';
import { escapeDollars } from '../../src/formats/provisioning.js';

test('INI: top-level keys first, nested sections dotted, values kept intact', () => {
  const ini = toIni({ app_mode: 'production', server: { http_port: 3000, root_url: 'http://x/#a' }, auth: { anonymous: { enabled: false } } }, 'hdr');
  assert.equal(ini, '; hdr\napp_mode = production\n\n[server]\nhttp_port = 3000\nroot_url = `http://x/#a`\n\n[auth.anonymous]\nenabled = false\n');
  assert.throws(() => toIni({ s: { k: 'a\nb' } }), /s\.k: "a\\nb" has a newline/);
});

test('YAML: no folding of long expressions, no aliases for repeated objects', () => {
  const shared = { a: 1 };
  const long = 'x'.repeat(200);
  const y = toYaml({ one: shared, two: shared, expr: long });
  assert.doesNotMatch(y, /[&*]/);
  assert.ok(y.includes(`expr: ${long}\n`));
});

test('settings deep-merge: objects merge, arrays replace, null deletes', () => {
  assert.deepEqual(deepMerge({ a: { b: 1, c: 2 }, l: [1, 2], d: 1 }, { a: { c: 3 }, l: [9], d: null }), { a: { b: 1, c: 3 }, l: [9] });
});

test('provisioning escapes $ as $$ so Grafana does not expand template variables', () => {
  assert.deepEqual(escapeDollars({ url: '${__value.raw}', n: 1 }), { url: '$${__value.raw}', n: 1 });
});

test('deepMerge keeps a key named __proto__ as data, never as the prototype', async () => {
  const { deepMerge } = await import('../../src/core/deep-merge.js');
  const merged = deepMerge<Record<string, unknown>>({ a: 1 }, JSON.parse('{"__proto__": {"polluted": true}, "b": 2}'));
  assert.equal(Object.getPrototypeOf(merged), Object.prototype);
  assert.equal((merged as { polluted?: unknown }).polluted, undefined);
  assert.deepEqual(Object.keys(merged), ['a', '__proto__', 'b']);
  assert.equal(JSON.stringify(merged), '{"a":1,"__proto__":{"polluted":true},"b":2}');
});
