import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alloy, alloyString, toAlloy } from '../../src/formats/alloy.js';
import { serialize } from '../../src/formats/index.js';
import { ref, resolveValue, type RefResolver, type Value } from '../../src/model/refs.js';
import { HOSTILE } from './alloy-hostile.js';


test('alloyString escapes quotes, backslashes, newlines and every control or invisible character', () => {
  assert.equal(alloyString('a"b'), '"a\\"b"');
  assert.equal(alloyString('a\\b'), '"a\\\\b"');
  assert.equal(alloyString('a\nb\rc\td'), '"a\\nb\\rc\\td"');
  assert.equal(alloyString('\u0000\u001f\u007f\u0085'), '"\\u0000\\u001f\\u007f\\u0085"');
  assert.equal(alloyString('\u2028\ufeff'), '"\\u2028\\ufeff"');
  assert.equal(alloyString('日本🚀'), '"日本🚀"');
  for (const s of HOSTILE) {
    const lit = alloyString(s);
    assert.doesNotMatch(lit, /[\n\r\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/, JSON.stringify(s));
    // Every quote inside is escaped: the literal ends at its last character only.
    assert.doesNotMatch(lit.slice(1, -1).replace(/\\\\/g, ''), /(^|[^\\])"/, JSON.stringify(s));
    // Alloy's escapes are a subset of JSON's here: reading it back as JSON gives the string.
    assert.equal(JSON.parse(lit.replace(/\\u([0-9a-f]{4})/g, '\\u$1')), s);
  }
  assert.throws(() => alloyString('lone \ud800 surrogate'), /lone surrogate \(U\+D800\)/);
});

test('the builders refuse names that are not Alloy identifiers, so nothing can be injected through them', () => {
  assert.throws(() => alloy.block('loki.write', 'my label'), /invalid Alloy component label "my label"/);
  assert.throws(() => alloy.block('loki.write" {', 'x'), /invalid Alloy block name/);
  assert.throws(() => alloy.attr('url =', 'x'), /invalid Alloy attribute name/);
  assert.throws(() => alloy.expr('loki.write', 'default', 'receiver]'), /invalid Alloy reference/);
  assert.throws(() => toAlloy(alloy.file(alloy.block('x', undefined, alloy.attr('n', Number.NaN)))), /no literal for NaN/);
});

test('a file prints as alloy fmt leaves it: tabs, aligned =, blank lines around nested blocks, bare references', () => {
  const text = toAlloy(
    alloy.file(
      alloy.block(
        'loki.write',
        'default',
        alloy.block('endpoint', undefined, alloy.attr('url', 'http://loki:3100/loki/api/v1/push')),
        alloy.attr('external_labels', { stack: 'a "b"', 'not-ident': 'x' }),
      ),
      alloy.block('otelcol.exporter.loki', 'default', alloy.attr('forward_to', [alloy.expr('loki.write', 'default', 'receiver')]), alloy.attr('x', null), alloy.attr('enabled', true), alloy.attr('n', 3)),
    ),
    'Generated.\nTwo lines.',
  );
  assert.equal(
    text,
    [
      '// Generated.',
      '// Two lines.',
      '',
      'loki.write "default" {',
      '\tendpoint {',
      '\t\turl = "http://loki:3100/loki/api/v1/push"',
      '\t}',
      '',
      '\texternal_labels = {',
      '\t\tstack       = "a \\"b\\"",',
      '\t\t"not-ident" = "x",',
      '\t}',
      '}',
      '',
      'otelcol.exporter.loki "default" {',
      '\tforward_to = [loki.write.default.receiver]',
      '\tx          = null',
      '\tenabled    = true',
      '\tn          = 3',
      '}',
      '',
    ].join('\n'),
  );
});

test('references resolve before printing, so what a target substitutes is escaped too', () => {
  const resolver = { url: () => 'http://h"o\nst:1/p', bindHost: () => '0.0.0.0' } as unknown as RefResolver;
  const file = alloy.file(alloy.block('loki.write', 'default', alloy.block('endpoint', undefined, alloy.attr('url', ref.url('loki', 'http', '/p')))));
  const out = serialize('alloy', resolveValue(file as unknown as Value, resolver));
  assert.match(out, /url = "http:\/\/h\\"o\\nst:1\/p"/);
});
