import { StackError } from '../../core/errors.js';
import { commentText, hasLoneSurrogate, shown } from '../../formats/text.js';

/**
 * A systemd unit file: sections of ordered key/value pairs (keys may repeat). Each value
 * is written with the escaping its setting needs (see the helpers below); whatever the
 * value, it stays the value of its one directive:
 * - a newline or other control character would end the directive and start another (the
 *   attack that turns a path into `ExecStartPre=+...`): refused by {@link unitValue};
 * - a trailing backslash would continue the line: refused;
 * - `%` starts a specifier in nearly every setting: written `%%` by the helpers.
 */
export type UnitSections = Record<string, readonly (readonly [string, string])[]>;

/** The problem a unit value has, or undefined when it can stand on a `Key=` line as is. */
function lineProblem(value: string): string | undefined {
  if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) return 'has a newline or control character, which would end the directive';
  if (hasLoneSurrogate(value)) return 'has a lone UTF-16 surrogate, which no UTF-8 file can hold';
  if (/\\\s*$/.test(value)) return 'ends with a backslash, which would continue the line';
  return undefined;
}

export function renderUnit(header: string, sections: UnitSections): string {
  const out = commentText(header).map((l) => `# ${l.replace(/\\\s*$/, '$&.')}`.trimEnd());
  const problems: { path: string; message: string }[] = [];
  for (const [name, entries] of Object.entries(sections)) {
    if (!entries.length) continue;
    out.push('', `[${name}]`);
    for (const [k, v] of entries) {
      if (!/^[A-Za-z][A-Za-z0-9]*$/.test(k)) throw new Error(`invalid systemd directive name ${JSON.stringify(k)}`);
      const problem = lineProblem(v);
      if (problem) problems.push({ path: `[${name}] ${k}`, message: `${shown(v)} ${problem}` });
      out.push(`${k}=${v}`);
    }
  }
  if (problems.length) throw new StackError('cannot write a systemd unit', problems);
  return `${out.join('\n')}\n`;
}

/** `%` doubled: a plain value (a description, a path, a unit name) of a setting that expands specifiers. */
export function unitValue(s: string): string {
  return s.replaceAll('%', '%%');
}

/**
 * One word of a command line (ExecStart=) as systemd splits and unescapes it
 * (extract_first_word with EXTRACT_UNQUOTE|EXTRACT_CUNESCAPE), then expands specifiers (`%%`)
 * and, at start, environment variables (`$$`). Quoted when it holds anything but safe
 * characters; inside the quotes `\` and `"` are escaped and control characters are C escapes,
 * so the word stays on its line and means exactly `arg`. NUL has no escape: refused.
 */
export function quoteArg(arg: string): string {
  return quoteWord(arg.replaceAll('$', '$$$$'), 'command-line word');
}

/**
 * The executable of a command line: a word like the others, but systemd substitutes no
 * variable in it (so `$` is written as is) and refuses quotes, backslashes and control
 * characters in it ("Executable name contains special characters").
 */
export function quoteExecutable(path: string): string {
  if (/["'\\\u0000-\u001f\u007f]/.test(path)) throw new StackError(`cannot write a systemd unit: the executable ${shown(path)} has a quote, backslash or control character, which systemd refuses`);
  return quoteWord(path, 'executable');
}

/**
 * One `NAME=value` word of Environment=: unquoted and C-unescaped as a command-line word and
 * specifier-expanded, but never variable-expanded, so `$` stays as it is.
 */
export function environmentWord(name: string, value: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new StackError(`cannot write a systemd unit: environment variable name ${shown(name)} is not one a shell can read`);
  return quoteWord(`${name}=${value}`, 'environment value');
}

function quoteWord(word: string, what: string): string {
  if (word.includes('\u0000')) throw new StackError(`cannot write a systemd unit: the ${what} ${shown(word)} has a NUL character, which systemd cannot pass`);
  if (hasLoneSurrogate(word)) throw new StackError(`cannot write a systemd unit: the ${what} ${shown(word)} has a lone UTF-16 surrogate`);
  const escaped = word.replaceAll('%', '%%');
  if (escaped !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(escaped)) return escaped;
  let out = '"';
  for (const ch of escaped) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\' || ch === '"') out += `\\${ch}`;
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if ((c >= 0x80 && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * An absolute path as systemd requires it in path settings (WorkingDirectory=, the path of
 * LoadCredential=, the prefix and config directory the units name): absolute, normalised
 * (no `.`, `..` or empty segment, no trailing `/`), one line of printable characters. The
 * path is returned as given; `what` names it in the error.
 */
export function checkUnitPath(path: string, what: string): string {
  const problem = pathProblem(path);
  if (problem) throw new StackError(`cannot write the systemd units`, [{ path: what, message: `${shown(path)} ${problem}` }]);
  return path;
}

export function pathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return 'is not an absolute path (systemd refuses relative paths)';
  if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069]/.test(path)) return 'has a newline or control character, which is not a path systemd can be given';
  if (hasLoneSurrogate(path)) return 'has a lone UTF-16 surrogate, which no UTF-8 file can hold';
  if (path !== '/' && path.split('/').slice(1).some((seg) => seg === '' || seg === '.' || seg === '..')) return 'is not normalised (an empty, "." or ".." segment, or a trailing "/")';
  if (/["'\\]/.test(path)) return 'has a quote or backslash, which systemd refuses in the executables and paths it is given';
  if (/^\s|\s$/.test(path)) return 'begins or ends with a space, which systemd strips';
  return undefined;
}
