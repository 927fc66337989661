import { StackError, type Problem } from '../core/errors.js';
import { formatPath } from '../schema/issues.js';

/** Deeper than any real definition (dashboards nest about 15 levels); deep enough to stop a stack overflow first. */
export const MAX_DEPTH = 200;

/** Keys that would reach an object's prototype when copied by assignment. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A definition as plain data, read exactly once: what a TypeScript config exports can be
 * anything (getters that throw, proxies, cycles, BigInts, functions), and a YAML or JSON file
 * can nest without bound. Plain objects and arrays are copied (each getter runs once, so
 * later steps see one value); class instances (a Foundation SDK dashboard builder) are
 * kept as they are for the steps that know them. Everything that cannot be data is refused
 * with its path, all at once.
 */
export function toPlainData(value: unknown, source?: string): unknown {
  const problems: Problem[] = [];
  const path: (string | number)[] = [];
  const open = new Set<object>();

  const add = (message: string) => {
    if (problems.length < 1000) problems.push({ path: formatPath(path), message });
  };
  const readFailed = (e: unknown) => add(`reading it failed: ${firstLine(e)}`);

  const copy = (v: unknown): unknown => {
    switch (typeof v) {
      case 'bigint':
        add(`a BigInt (${String(v).slice(0, 40)}n) is not data a stack definition holds: use a number or a string`);
        return undefined;
      case 'function':
        add('a function is not data: call it and put its result here');
        return undefined;
      case 'symbol':
        add('a Symbol is not data');
        return undefined;
      case 'number':
        if (!Number.isFinite(v)) add(`${String(v)} is not a number a definition can hold`);
        return v;
      case 'object':
        break;
      default:
        return v;
    }
    if (v === null) return v;
    if (!Array.isArray(v) && !isPlain(v)) return v; // a builder or a Date: its schema decides
    if (open.has(v)) {
      add('refers back to an object that contains it (a cycle): a definition is a tree');
      return undefined;
    }
    if (path.length >= MAX_DEPTH) {
      add(`nested more than ${MAX_DEPTH} levels deep`);
      return undefined;
    }
    open.add(v);
    try {
      // Reads are inline (a getter or a proxy trap may throw), not in a closure each: the
      // large stack's definition is some 50,000 values.
      if (Array.isArray(v)) {
        const out: unknown[] = [];
        let length: unknown;
        try {
          length = v.length;
        } catch (e) {
          readFailed(e);
        }
        for (let i = 0; i < (typeof length === 'number' ? length : 0); i++) {
          path.push(i);
          let item: unknown;
          try {
            item = v[i];
          } catch (e) {
            readFailed(e);
          }
          out.push(copy(item));
          path.pop();
        }
        return out;
      }
      const out: Record<string, unknown> = {};
      let keys: string[] = [];
      try {
        keys = Object.keys(v);
      } catch (e) {
        readFailed(e);
      }
      for (const key of keys) {
        path.push(key);
        if (FORBIDDEN_KEYS.has(key)) add(`"${key}" is not allowed as a key`);
        else {
          let item: unknown;
          try {
            item = (v as Record<string, unknown>)[key];
          } catch (e) {
            readFailed(e);
          }
          // An own property, as defineProperty made it: `__proto__`, the one key whose
          // assignment would not, is refused above.
          out[key] = copy(item);
        }
        path.pop();
      }
      return out;
    } finally {
      open.delete(v);
    }
  };

  let out: unknown;
  try {
    out = copy(value);
  } catch (e) {
    // A proxy's traps can throw anywhere, even from a type check.
    readFailed(e);
  }
  if (problems.length) throw new StackError(`invalid stack definition${source ? ` in ${source}` : ''}: not plain data`, problems);
  return out;
}

function isPlain(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

function firstLine(e: unknown): string {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return text.split('\n')[0]!.slice(0, 200);
}
