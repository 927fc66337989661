import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Document, Scalar } from 'yaml';
import { toYaml, yamlDocument, yamlDocumentTree } from '../../src/formats/yaml.js';
import { emitBlockYaml } from '../../src/formats/yaml-emit.js';
import { HOSTILE_STRINGS, UNWRITABLE_STRINGS } from './hostile-strings.js';

/**
 * The fast YAML emitter must write exactly what the `yaml` package's node tree writes with
 * toYaml's options, for any plain data: random documents of hostile strings (YAML 1.1
 * specials, indicators, block-scalar material, document markers, control characters, long
 * keys) are written both ways and compared byte for byte. It gives up (undefined) only where
 * it says it does, and the tree is used there. The same holds with comments before the
 * document and its top-level keys (values.yaml), and for strings given as Scalars that set
 * their style (Compose's variables).
 */

const TRICKY = [
  ...HOSTILE_STRINGS,
  '- item', '? key', ': value', 'a: b', 'a #b', '#c', 'a:', 'trailing ', ' leading', '---', '...', '--- x', 'a\n---\nb',
  'multi\nline\n', 'multi\nline\n\n', '\nleading newline', 'trailing newlines\n\n\n', 'indented\n  more', ' \n ', '|', '>', '|-', "'q'", '"d"',
  '0x1F', '0o17', '1e3', '.5', '-.inf', '.NaN', 'True', 'NULL', 'null', 'y', 'n', '=', '8080', '-1', '+1', '1:2:3', '@at', '`bt', '%pc', '&a', '*a', '!t',
  'k'.repeat(1030), 'a, b', '[x]', '{y}', 'tab\tinside', 'end:', 'x # y', 'x#y',
  // At the edge of the emitter's plain-as-is words (yaml-emit.ts PLAIN_AS_IS).
  'true', 'false', 'FALSE', 'Null', 'Yes', 'ON', 'No', '/abs/path', 'a b', 'a  b', '_x', 'x-', 'v1.2.3', 'e5', 'x -y', 'x.', '-x', '/', '_',
];

/** Words of the emitter's plain-as-is alphabet, where its own check decides. */
const word = fc.stringMatching(/^[A-Za-z0-9_./ -]{1,10}$/);
const str = fc.oneof(fc.constantFrom(...TRICKY), word, fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 8 }));
/** A string as a Scalar with its style set: made anew for each write (the tree sets a style on the node it is given). */
const styled = fc.tuple(str, fc.constantFrom(undefined, Scalar.PLAIN, Scalar.QUOTE_DOUBLE, Scalar.QUOTE_SINGLE, Scalar.BLOCK_LITERAL, Scalar.BLOCK_FOLDED)).map(([value, type]) => ({ styled: { value, type } }));
const scalar = fc.oneof(str, fc.integer({ min: -1e6, max: 1e6 }), fc.double({ noNaN: false }), fc.boolean(), fc.constant(null), styled);
const { data } = fc.letrec<{ data: unknown; obj: Record<string, unknown>; arr: unknown[] }>((tie) => ({
  data: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('obj'), tie('arr')),
  obj: fc.dictionary(str, fc.oneof(tie('data'), fc.constant(undefined)), { maxKeys: 5 }),
  arr: fc.array(tie('data'), { maxLength: 4 }),
}));
const root = fc.oneof(fc.dictionary(str, data, { maxKeys: 6 }), fc.array(data, { maxLength: 5 }));

/** A stand-in for toYaml's quoting rule, for the cases where only giving up matters. */
const quoted = (s: string) => s === '' || /^(?:yes|no|on|off|null|~)$/i.test(s);

/** The generated value with each styled string as a new Scalar. */
function materialize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(materialize);
  if (v && typeof v === 'object') {
    if ('styled' in v) {
      const { value, type } = (v as { styled: { value: string; type?: Scalar.Type } }).styled;
      const s = new Scalar(value);
      if (type) s.type = type;
      return s;
    }
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, materialize(x)]));
  }
  return v;
}

const commentOf = fc.oneof(str, fc.constantFrom('', 'one line', 'two\nlines', '\nafter a blank line', '\n\n', ' leading space', 'a # hash', 'trailing\n'));
/** Comments before the document and before some of its top-level keys (or keys it lacks). */
const commented = root.chain((value) =>
  fc.record({
    value: fc.constant(value),
    keys: fc.dictionary(Object.keys(value as object).length ? fc.oneof(fc.constantFrom(...Object.keys(value as object)), str) : str, commentOf, { maxKeys: 4 }),
    document: fc.option(commentOf, { nil: undefined }),
  }),
);

test('emitBlockYaml writes what the yaml package writes, byte for byte, on random hostile data', () => {
  let emitted = 0;
  let withComments = 0;
  let runs = 0;
  fc.assert(
    fc.property(commented, ({ value, keys, document }) => {
      runs++;
      // Half the documents without comments: toYaml's case.
      const comments = runs % 2 ? {} : keys;
      const docComment = runs % 2 ? undefined : document;
      let tree: string;
      try {
        tree = yamlDocumentTree(materialize(value), undefined, comments, docComment);
      } catch {
        return; // refused by the tree (a lone surrogate): the emitter must give up there, checked below
      }
      // yamlDocument (and toYaml) take the emitter wherever it does not give up.
      assert.equal(yamlDocument(materialize(value), undefined, comments, docComment), tree);
      if (runs % 2) assert.equal(toYaml(materialize(value)), tree);
      if (emitBlockYaml(materialize(value), new Document(), quoted) !== undefined) emitted++;
      if (Object.keys(comments).length && emitBlockYaml(materialize(value), new Document(), quoted, { keys: comments, ...(docComment ? { document: docComment } : {}) }) !== undefined) withComments++;
    }),
    { numRuns: 1500, seed: Number(process.env.YAML_EMIT_SEED ?? Date.now() % 1e9) },
  );
  // Not a vacuous comparison: most documents take the fast path.
  assert.ok(emitted > runs * 0.7, `the emitter wrote ${emitted} of ${runs} documents`);
  assert.ok(withComments > runs * 0.2, `the emitter wrote ${withComments} of ${runs} documents with comments`);
});

test('emitBlockYaml gives up, and toYaml still refuses, what it leaves to the tree', () => {
  const doc = new Document();
  const cycle: Record<string, unknown> = { a: 1 };
  cycle.self = cycle;
  for (const v of [{ d: new Date(0) }, { m: new Map() }, [1, undefined], cycle, { [UNWRITABLE_STRINGS[0]!]: 1 }, { s: UNWRITABLE_STRINGS[1] }, { big: 1n }, 'a string', 42]) {
    assert.equal(emitBlockYaml(v, doc, quoted), undefined, `gives up on ${String(Object.keys(Object(v)))}`);
  }
  assert.throws(() => toYaml({ s: UNWRITABLE_STRINGS[0] }), /lone UTF-16 surrogate/);
});

test("the emitter's plain-as-is words are written as the package writes them, whatever the caller's quoting rule", () => {
  // With no rule of the caller's (toYaml's quotes YAML 1.1 words anyway), only the emitter's
  // own check stands between a word and a plain scalar that reads back as null or a bool.
  const none = () => false;
  const opts = { lineWidth: 0, indentSeq: true, doubleQuotedAsJSON: false, doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER } as const;
  const same = (w: string) => {
    const data = { [w]: [w, { k: w }] };
    assert.equal(emitBlockYaml(data, new Document(), none), new Document(data).toString(opts), JSON.stringify(w));
  };
  for (const w of ['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'nULL', 'tRUE', 'yes', 'on', '~', 'e5', '_', '/', 'a b']) same(w);
  fc.assert(fc.property(word, same), { numRuns: 500 });
});
