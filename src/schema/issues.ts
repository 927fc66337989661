import type * as z from 'zod';
import type { Problem } from '../core/errors.js';
import { describe } from './schema-parts.js';

/**
 * Turns zod issues into problems that name the path, what was expected and what was
 * given. A union (component-or-false, alert-or-record rule) reports the branch that got
 * furthest instead of zod's generic "invalid input".
 */
export function issuesToProblems(issues: readonly z.core.$ZodIssue[], input: unknown, base: PropertyKey[] = []): Problem[] {
  const out: Problem[] = [];
  for (const issue of issues) {
    const path = [...base, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length) {
      const best = pickBranch(issue.errors);
      if (best) {
        // A loop, not push(...): a branch may hold a million issues.
        for (const p of issuesToProblems(best, input, path)) out.push(p);
        continue;
      }
      const given = valueAt(input, path);
      const expectation = unionExpectation(issue);
      // An inline secret is refused without repeating it: messages end up in logs and CI output.
      out.push({ path: formatPath(path), message: SECRET_REFUSAL.test(expectation) ? expectation : `${expectation}, got ${describe(given)}` });
      continue;
    }
    if (issue.code === 'invalid_key') {
      // A map's key is wrong, not its value: say which key and why (the inner issue saw the key).
      const key = path.at(-1);
      const why = issue.issues.map((i) => messageFor(i, key)).join('; ');
      out.push({ path: formatPath(path), message: `invalid key: ${why}` });
      continue;
    }
    out.push({ path: formatPath(path), message: messageFor(issue, valueAt(input, path)) });
  }
  return out;
}

function pickBranch(branches: readonly (readonly z.core.$ZodIssue[])[]): readonly z.core.$ZodIssue[] | undefined {
  const depth = (b: readonly z.core.$ZodIssue[]) => b.reduce((m, i) => Math.max(m, i.path.length), 0);
  // A branch that rejected the value's very shape (an object where `false` was wanted) says
  // least about what the user meant; prefer branches that got inside the value.
  const shapeMismatch = (b: readonly z.core.$ZodIssue[]) =>
    b.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value')) ? 1 : 0;
  const ranked = [...branches].sort((a, b) => shapeMismatch(a) - shapeMismatch(b) || a.length - b.length || depth(b) - depth(a));
  const best = ranked[0];
  // Every branch failed at the root (e.g. a string where an object or false was wanted).
  if (!best || branches.every((b) => b.every((i) => i.path.length === 0 && i.code !== 'unrecognized_keys'))) return undefined;
  return best;
}

const SECRET_REFUSAL = /^secrets are not written inline/;

function unionExpectation(issue: z.core.$ZodIssue): string {
  if (issue.message && !/^Invalid input/.test(issue.message)) return issue.message;
  return 'expected an object of options, or false to disable it';
}

function messageFor(issue: z.core.$ZodIssue, given: unknown): string {
  switch (issue.code) {
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'invalid_type':
      if (/^Invalid input/.test(issue.message)) {
        const expected = TYPE_NAMES[issue.expected] ?? issue.expected;
        return given === undefined ? `required: expected ${expected}` : `expected ${expected}, got ${describe(given)}`;
      }
      return withGiven(issue.message, given);
    case 'invalid_value':
      if (/^Invalid (input|option)/.test(issue.message)) {
        return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(given)}`;
      }
      return issue.message;
    default:
      return /^(Invalid|Too)/.test(issue.message) ? `${issue.message}, got ${describe(given)}` : withGiven(issue.message, given);
  }
}

const TYPE_NAMES: Record<string, string> = {
  record: 'an object',
  object: 'an object',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
};

/** Our own messages say what was expected; add what was given unless they already do. */
function withGiven(message: string, given: unknown): string {
  return /^expected /.test(message) && !message.includes(', got ') ? `${message}, got ${describe(given)}` : message;
}

/** `loki.retention`, `rules[0].rules[1].expr` */
export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (typeof p === 'string' && /^[A-Za-z_$][\w$]*$/.test(p)) s += s ? `.${p}` : p;
    else s += `[${JSON.stringify(String(p))}]`;
  }
  return s;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}
