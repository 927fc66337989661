import * as z from 'zod';
import { checkDuration } from '../core/duration.js';
import { parseQuantity, quantityExample, type QuantityKind } from '../core/quantity.js';
import { RESERVED_KEY_MESSAGE, reservedKeyPaths } from '../core/reserved-keys.js';

/** Building blocks shared by every component's options schema. */

export const portSchema = z
  .number({ error: (i) => `expected a port number, got ${describe(i.input)}` })
  .int({ error: (i) => `expected a whole port number, got ${describe(i.input)}` })
  .min(1, { error: (i) => `expected a port from 1 to 65535, got ${describe(i.input)}` })
  .max(65535, { error: (i) => `expected a port from 1 to 65535, got ${describe(i.input)}` });

/**
 * A string held to a rule: `pattern` is a necessary condition that JSON Schema can carry
 * (editors, Helm's values.schema.json: RE2, so no lookarounds), `problem` the exact rule.
 * Either way the message names what was expected, the value, and what is wrong with it.
 */
export function checkedString(pattern: RegExp, expected: string, problem: (v: string) => string | undefined, maxLength?: number) {
  const message = (v: unknown) => {
    const p = typeof v === 'string' ? problem(v) : undefined;
    return `expected ${expected}, got ${describe(v)}${p ? `: ${p}` : ''}`;
  };
  let schema = z.string({ error: (i) => message(i.input) }).regex(pattern, { error: (i) => message(i.input) });
  if (maxLength !== undefined) schema = schema.max(maxLength, { error: (i) => message(i.input) });
  return schema.superRefine((v, ctx) => {
    if (!pattern.test(v) || (maxLength !== undefined && v.length > maxLength)) return; // reported above
    if (problem(v)) ctx.addIssue({ code: 'custom', message: message(v) });
  });
}

const durationProblem = (v: string) => {
  const r = checkDuration(v);
  return r.ok ? undefined : r.reason;
};

/** A Prometheus-style duration (core/duration.ts has the rules), `0` included. */
export const durationSchema = checkedString(/^(0|[0-9]+(y|w|d|h|ms|m|s)([0-9]+(w|d|h|ms|m|s))*)$/, 'a duration such as "15d" or "30s"', durationProblem);

/** A duration that must not be zero: a retention, an interval (zero would mean "never" or "the default"). */
export const positiveDurationSchema = checkedString(/^[0-9]+(y|w|d|h|ms|m|s)([0-9]+(w|d|h|ms|m|s))*$/, 'a duration such as "15d" or "30s"', (v) => {
  const r = checkDuration(v);
  if (!r.ok) return r.reason;
  return r.ms > 0 ? undefined : 'it must be longer than zero (zero would mean "never" or "the default"; leave the key out for the default)';
});

const NUMBER = '([0-9]+(\\.[0-9]*)?|\\.[0-9]+)';

function quantityOf(kind: QuantityKind, suffix: string) {
  return checkedString(new RegExp(`^${NUMBER}${suffix}$`), quantityExample(kind), (v) => {
    const r = parseQuantity(v, kind);
    return r.ok ? undefined : r.reason;
  });
}

/** CPU: cores (`2`, `1.5`) or millicores (`500m`). */
export const cpuSchema = quantityOf('cpu', 'm?');
/** Memory in bytes: `512Mi`, `2Gi`, `1G`. */
export const memorySchema = quantityOf('memory', '([KMGTPE]i|[kMGTPE])?');
/** A volume size in bytes: `10Gi`. */
export const storageSchema = quantityOf('storage', '([KMGTPE]i|[kMGTPE])?');

/** Any Kubernetes quantity of this project's kinds (Helm values: CPU, memory or storage). */
export const quantitySchema = checkedString(new RegExp(`^${NUMBER}([KMGTPE]i|[mkMGTPE])?$`), 'a quantity such as "512Mi" or "500m"', (v) => {
  if ((['cpu', 'memory', 'storage'] as const).some((k) => parseQuantity(v, k).ok)) return undefined;
  const r = parseQuantity(v, v.endsWith('m') ? 'cpu' : 'storage');
  return r.ok ? undefined : r.reason;
});

/**
 * A secret is referenced, never written inline: config files are committed, and the
 * value would otherwise end up in generated files and process listings.
 */
export const secretRefSchema = z.union(
  [
    z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name') }),
    z.strictObject({
      file: z
        .string()
        // It reaches unit files, INI and YAML as a path: a line break or control character would
        // become structure there, and no sane file path holds one.
        .regex(/^\/[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*$/, { error: (i) => `expected an absolute file path on one line, got ${describe(i.input)}` }),
    }),
  ],
  {
    error: (i) =>
      typeof i.input === 'string'
        ? 'secrets are not written inline: use { env: "NAME" } or { file: "/path" } (leave it out to generate one)'
        : `expected { env: "NAME" } or { file: "/path" }, got ${describe(i.input)}`,
  },
);

export const resourcesSchema = z.strictObject({
  cpu: cpuSchema.optional().describe('CPU limit, e.g. "1" or "500m"'),
  memory: memorySchema.optional().describe('memory limit, e.g. "512Mi"'),
});

/** Free-form native config, deep-merged into what we generate (null deletes a key). */
export const settingsSchema = freeForm(z.record(z.string(), z.unknown())).describe(
  'free-form native configuration deep-merged into the generated file; null removes a generated key',
);

/** Free-form data that may hold none of the keys the writers read as instructions (core/reserved-keys.ts). */
export function freeForm<T extends z.ZodType>(schema: T): T {
  return schema.superRefine((v, ctx) => {
    for (const path of reservedKeyPaths(v)) ctx.addIssue({ code: 'custom', path, message: `${String(path.at(-1))} ${RESERVED_KEY_MESSAGE}` });
  }) as unknown as T;
}

/** An executable's path: absolute, or relative to the definition's directory; one line of printable text. */
export const binaryPathSchema = z
  .string()
  .min(1)
  .regex(/^[^\u0000-\u001f\u007f]+$/, 'expected a file path without control characters');

export const versionSchema = z
  .string()
  .regex(/^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/, { error: (i) => `expected a version such as "3.7.8", got ${describe(i.input)}` });

/**
 * A label name of the stack's metrics: the classic charset (`[a-zA-Z_][a-zA-Z0-9_]*`).
 * Prometheus 3 also takes any UTF-8 name, but Mimir's ingestion and unquoted PromQL do not,
 * and these labels end up on every series: so the one charset every backend takes.
 */
export const labelNameSchema = checkedString(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'a label name (letters, digits and _, not starting with a digit)', () => undefined);

/** A label name where Prometheus-project tools take UTF-8 (Alertmanager's group_by, annotation names): non-empty, well-formed. */
export const utf8LabelNameSchema = z
  .string()
  .refine((v) => v.length > 0 && wellFormed(v), { error: (i) => `expected a label name (non-empty UTF-8), got ${describe(i.input)}` });

/** A label value: any well-formed UTF-8 (Prometheus refuses broken UTF-8). */
export const labelValueSchema = z
  .string()
  .refine((v) => wellFormed(v), { error: (i) => `expected a label value (well-formed UTF-8 text), got ${describe(i.input)}` });

/** An http(s) URL with a host: what Alertmanager and Grafana accept (no javascript:, file: or ftp:). */
export const httpUrlSchema = z.string().refine(
  (v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
    } catch {
      return false;
    }
  },
  { error: (i) => `expected an http:// or https:// URL, got ${describe(i.input)}` },
);

/** No lone UTF-16 surrogate: the text converts to valid UTF-8 (String#isWellFormed, Node 20+). */
export function wellFormed(s: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  return `${typeof v} ${String(v)}`;
}
