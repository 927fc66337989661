import { Document, isPair, isScalar, Scalar, visit } from 'yaml';
import { StackError } from '../core/errors.js';
import { commentText, hasLoneSurrogate, INVISIBLE, keyPath, shown, uEscape } from './text.js';
import { emitBlockYaml } from './yaml-emit.js';

/** The schema and directives the emitter's scalars are written against (the package's defaults). */
let schemaDoc: Document | undefined;

/**
 * Deterministic YAML: key order is the order the component built (it is meaningful to a
 * reader of prometheus.yml), no line folding (a folded PromQL expression is unreadable),
 * no anchors/aliases (repeated objects are written out), and a trailing newline.
 *
 * Every string reads back as the same string in the parsers that consume these files, not
 * only in the `yaml` package that writes them: Go's yaml.v2 and yaml.v3 (Prometheus,
 * Alertmanager, Loki, kubectl, Helm) and PyYAML (docker-compose 1.x) read YAML 1.1, where
 * NEL, U+2028 and U+2029 are line breaks, `yes`/`on`/`1_000`/`1:30` are not strings and
 * `<<` is a merge key. Such strings are written double-quoted, with every control or
 * invisible character as a `\uXXXX` escape; a lone surrogate (no UTF-8 encoding) is refused.
 */
export function toYaml(data: unknown, header?: string): string {
  return yamlDocument(data, header);
}

/**
 * toYaml with comment lines before top-level keys and a document comment (values.yaml
 * documents its keys), written as the `yaml` package writes comments (`#` and the text).
 */
export function yamlDocument(data: unknown, header?: string, comments: Readonly<Record<string, string>> = {}, docComment?: string): string {
  // Invisible characters reach the text only in strings written double-quoted for holding
  // one: the whole text is searched for them only when there was such a string.
  let invisible = false;
  const quoted = (s: string) => (INVISIBLE.test(s) ? (invisible = true) : quotedAsVisible(s));
  const keys: Record<string, string> = {};
  for (const [k, c] of Object.entries(comments)) keys[k] = commentText(c).join('\n');
  const fast = emitBlockYaml(data, (schemaDoc ??= new Document()), quoted, { ...(docComment ? { document: commentText(docComment).join('\n') } : {}), keys });
  if (fast !== undefined) return (header ? commentBlock(header, '#') : '') + (invisible ? fast.replace(new RegExp(INVISIBLE.source, 'g'), uEscape) : fast);
  return yamlDocumentTree(data, header, comments, docComment);
}

/** yamlDocument through the package's node tree: comments, and what emitBlockYaml leaves to it. */
export function yamlDocumentTree(data: unknown, header?: string, comments: Readonly<Record<string, string>> = {}, docComment?: string): string {
  const doc = new Document(data, { aliasDuplicateObjects: false });
  if (docComment) doc.commentBefore = commentText(docComment).join('\n');
  const problems: { path: string; message: string }[] = [];
  visit(doc, {
    Scalar(_key, node, path) {
      if (typeof node.value !== 'string') return;
      const s = node.value;
      if (hasLoneSurrogate(s)) {
        problems.push({ path: pathOf(path, node), message: `${shown(s)} has a lone UTF-16 surrogate, which no UTF-8 file can hold` });
        return;
      }
      if (needsDoubleQuotes(s)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  if (problems.length) throw new StackError('cannot write YAML', problems);
  if (Object.keys(comments).length && doc.contents && 'items' in doc.contents) {
    for (const pair of doc.contents.items) {
      if (isPair(pair) && isScalar(pair.key) && typeof pair.key.value === 'string' && Object.hasOwn(comments, pair.key.value) && comments[pair.key.value]) {
        pair.key.commentBefore = commentText(comments[pair.key.value]!).join('\n');
      }
    }
  }
  const body = doc
    .toString({ lineWidth: 0, indentSeq: true, doubleQuotedAsJSON: false, doubleQuotedMinMultiLineLength: Number.MAX_SAFE_INTEGER })
    // Left raw by the `yaml` package in double-quoted scalars (JSON does not escape them);
    // they only occur in such scalars, as needsDoubleQuotes sends every string holding one there.
    .replace(new RegExp(INVISIBLE.source, 'g'), uEscape);
  return (header ? commentBlock(header, '#') : '') + body;
}

/** Strings that YAML 1.1 reads as something else (bool, null, number, timestamp, merge key). */
const YAML11_SPECIAL =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|~|null|Null|NULL|=|<<|[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|[0-9][0-9_]*(?::[0-5]?[0-9])*|[0-9][0-9_]*(?::[0-5]?[0-9])*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+]?[0-9]+)?|\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN|\d{4}-\d\d?-\d\d?(?:[Tt ].*)?)$/;

function needsDoubleQuotes(s: string): boolean {
  return INVISIBLE.test(s) || quotedAsVisible(s);
}

/** needsDoubleQuotes for a string already known to hold no invisible character. */
function quotedAsVisible(s: string): boolean {
  return /\r/.test(s) || YAML11_SPECIAL.test(s) || s.length === 0;
}

function pathOf(path: readonly unknown[], node: unknown): string {
  let out = '';
  for (const p of [...path, node]) {
    if (isPair(p) && isScalar(p.key)) out = keyPath(out, String(p.key.value));
  }
  return out || '(document)';
}

/** A comment of one or more lines; control and invisible characters escaped, so it stays a comment in every parser. */
export function commentBlock(text: string, marker: string): string {
  return commentText(text)
    .map((l) => (l ? `${marker} ${l}` : marker))
    .join('\n')
    .concat('\n');
}
