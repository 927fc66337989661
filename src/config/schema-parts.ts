import { z } from 'zod';
import { isDuration } from '../core/duration.js';
import { RESERVED_KEY_MESSAGE, reservedKeyPaths } from '../core/reserved-keys.js';

/** Building blocks shared by every component's options schema. */

export const portSchema = z
  .number({ error: (i) => `expected a port number, got ${describe(i.input)}` })
  .int({ error: (i) => `expected a whole port number, got ${describe(i.input)}` })
  .min(1, { error: (i) => `expected a port from 1 to 65535, got ${describe(i.input)}` })
  .max(65535, { error: (i) => `expected a port from 1 to 65535, got ${describe(i.input)}` });

export const durationSchema = z
  .string({ error: (i) => `expected a duration such as "15d" or "30s", got ${describe(i.input)}` })
  .refine(isDuration, { error: (i) => `expected a duration such as "15d" or "30s", got ${describe(i.input)}` });

export const quantitySchema = z
  .string()
  .regex(/^\d+(\.\d+)?(Ki|Mi|Gi|Ti|m)?$/, { error: (i) => `expected a quantity such as "512Mi" or "500m", got ${describe(i.input)}` });

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
  cpu: quantitySchema.optional().describe('CPU limit, e.g. "1" or "500m"'),
  memory: quantitySchema.optional().describe('memory limit, e.g. "512Mi"'),
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

export const versionSchema = z
  .string()
  .regex(/^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/, { error: (i) => `expected a version such as "3.7.8", got ${describe(i.input)}` });

export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  return `${typeof v} ${String(v)}`;
}
