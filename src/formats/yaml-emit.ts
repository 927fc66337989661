import { Scalar, type Document } from 'yaml';
import { stringifyNumber, stringifyString, type StringifyContext } from 'yaml/util';
import { hasLoneSurrogate } from './text.js';

/** Comments to write as the package writes a Document's `commentBefore` and its top-level keys'. */
export interface EmitComments {
  /** Before the whole document. */
  readonly document?: string;
  /** Before a top-level key, by the key. */
  readonly keys?: Readonly<Record<string, string>>;
}

/**
 * Plain data (objects, arrays, strings, finite numbers, booleans, null) as the block YAML the
 * `yaml` package writes for it with toYaml's options, byte for byte, without building its
 * node tree: that tree and its visitor were most of a render's time. The layout of maps and
 * sequences (and of the comments before the document and its top-level keys) is this
 * module's; every scalar is written by the package's own `stringifyString` and
 * `stringifyNumber`, so which strings are quoted, and how, is still its decision. A string
 * may also come as a bare `Scalar` of the package that sets its style (Compose's variables).
 *
 * Anything else (a class instance, a cycle, `undefined` in an array, a lone surrogate, a key
 * too long to be implicit) returns undefined, and the caller builds the Document as before.
 * test/unit/yaml-emit.test.ts holds the two to the same bytes on random hostile data.
 */
export function emitBlockYaml(data: unknown, doc: Document, doubleQuoted: (s: string) => boolean, comments: EmitComments = {}): string | undefined {
  if (!isPlainObject(data) && !Array.isArray(data)) return undefined;
  const base = {
    doc,
    indentStep: '  ',
    inFlow: null,
    // The package's defaults (createStringifyContext) with toYaml's options over them.
    options: {
      blockQuote: true,
      commentString,
      defaultKeyType: null,
      defaultStringType: 'PLAIN',
      directives: null,
      doubleQuotedAsJSON: false,
      doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER,
      falseStr: 'false',
      flowCollectionPadding: true,
      indentSeq: true,
      lineWidth: 0,
      minContentWidth: 20,
      nullStr: 'null',
      simpleKeys: false,
      singleQuote: null,
      trailingComma: false,
      trueStr: 'true',
      verifyAliasOrder: true,
    },
  };
  const seen = new Set<object>();

  const scalar = (value: unknown, indent: string, implicitKey: boolean): string | undefined => {
    if (value === null) return 'null';
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (typeof value === 'number') return stringifyNumber({ value } as Scalar);
    const styled = bareScalar(value);
    const text = styled ? styled.value : value;
    if (typeof text !== 'string' || hasLoneSurrogate(text)) return undefined;
    if (!styled && PLAIN_AS_IS.test(text) && !CORE_WORDS.test(text) && !doubleQuoted(text)) return text;
    // What the string writer reads of a node (its value and style), without a node: making a
    // Scalar (with its defineProperty) for every string was a noticeable part of the time.
    const item = { value: text, type: doubleQuoted(text) ? Scalar.QUOTE_DOUBLE : styled?.type } as Scalar;
    return stringifyString(item, context(indent, implicitKey));
  };

  // One context per depth and position, made once: the string writer marks a context only at
  // the top level (indent ''), where no scalar of this emitter is written.
  const contexts = new Map<string, StringifyContext>();
  const context = (indent: string, implicitKey: boolean): StringifyContext => {
    const key = `${implicitKey ? 'k' : 'v'}${indent.length}`;
    let ctx = contexts.get(key);
    if (!ctx) contexts.set(key, (ctx = { ...base, actualString: true, implicitKey, indent } as unknown as StringifyContext));
    return ctx;
  };

  /** A node in value position: a collection (block, or `{}`/`[]` when empty) or a scalar. */
  const node = (value: unknown, indent: string): string | undefined => {
    if (isCollection(value)) {
      if (seen.has(value)) return undefined;
      seen.add(value);
      const out = Array.isArray(value) ? seq(value, indent) : isPlainObject(value) ? map(value, indent) : undefined;
      seen.delete(value);
      return out;
    }
    return scalar(value, indent, false);
  };

  const map = (obj: Record<string, unknown>, indent: string): string | undefined => {
    const lines: string[] = [];
    const inner = indent + '  ';
    const keyComments = indent === '' ? comments.keys : undefined;
    for (const key of Object.keys(obj)) {
      const value = obj[key];
      if (value === undefined) continue; // as the package's createNode leaves it out
      if (typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return undefined;
      const comment = keyComments && Object.hasOwn(keyComments, key) ? keyComments[key] : undefined;
      // As the package's addCommentBefore at the top level: no indent to add, and no blank
      // lines before the comment (which makes its case after a `|+` block scalar this one).
      if (comment) lines.push(indentComment(commentString(comment)).trimStart());
      const k = scalar(key, inner, true);
      if (k === undefined || k.length > 1024) return undefined;
      const head = `${k}:`;
      const v = node(value, inner);
      if (v === undefined) return undefined;
      const collection = isCollection(value);
      const empty = collection && (Array.isArray(value) ? value.length === 0 : !hasDefined(value));
      const ws = collection ? (empty && !v.includes('\n') ? ' ' : `\n${inner}`) : v === '' || v[0] === '\n' ? '' : ' ';
      lines.push(head + ws + v);
    }
    return lines.length ? lines.join(`\n${indent}`) : '{}';
  };

  const seq = (arr: readonly unknown[], indent: string): string | undefined => {
    const lines: string[] = [];
    const itemIndent = indent + '  ';
    for (const item of arr) {
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol' || typeof item === 'bigint') return undefined;
      const v = node(item, itemIndent);
      if (v === undefined) return undefined;
      lines.push(`- ${v}`);
    }
    return lines.length ? lines.join(`\n${indent}`) : '[]';
  };

  const body = node(data, '');
  if (body === undefined) return undefined;
  // As the package's stringifyDocument: the document's comment, then an empty line.
  return comments.document ? `${indentComment(commentString(comments.document))}\n\n${body}\n` : `${body}\n`;
}

/**
 * Most strings of a document (keys, names, labels, paths, images) are words of letters,
 * digits, `_`, `.`, `/` and `-`, single spaces between them, starting with a letter, `_` or
 * `/`. The package's string writer (ten regular expressions, about 7 us a string when the
 * code is new) writes each of them plain and as it is, unless it reads back as another type
 * in YAML 1.2: starting with neither a digit, a sign nor a dot, only the words below do (its
 * core schema's null and bool; int, float, .inf and .nan start otherwise). Nor is any of
 * them an indicator, a comment, a key-value separator or a document marker. The caller's
 * own rule (doubleQuoted: YAML 1.1's yes/on/y) still applies. test/unit/yaml-emit.test.ts
 * holds the result to the package's on random strings of these characters.
 */
const PLAIN_AS_IS = /^[A-Za-z_/][\w./-]*(?: [\w./-]+)*$/;
const CORE_WORDS = /^(?:[Nn]ull|NULL|[Tt]rue|TRUE|[Ff]alse|FALSE)$/;

const commentString = (s: string): string => s.replace(/^(?!$)(?: $)?/gm, '#');

/** The package's indentComment, with no indent. */
function indentComment(comment: string): string {
  return /^\n+$/.test(comment) ? comment.substring(1) : comment;
}

function isCollection(v: unknown): v is object {
  return v !== null && typeof v === 'object' && !(v instanceof Scalar);
}

/** A Scalar of the package with nothing set but its value and style: written as that string in that style. */
function bareScalar(v: unknown): Scalar | undefined {
  if (!(v instanceof Scalar)) return undefined;
  for (const k of Object.keys(v)) if (k !== 'value' && k !== 'type') return undefined;
  return v;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function hasDefined(obj: object): boolean {
  for (const v of Object.values(obj)) if (v !== undefined) return true;
  return false;
}
