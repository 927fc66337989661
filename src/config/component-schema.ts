import * as z from 'zod';
import type { ComponentDefinition } from '../components/component.js';
import { binaryPathSchema, portSchema, resourcesSchema, settingsSchema, versionSchema } from '../schema/schema-parts.js';

/**
 * A component's full options schema: the keys every component has (services-flake style:
 * version, port, ports, resources, settings) plus its own. Strict, so a misspelt key is
 * an error rather than silently ignored.
 */
export function componentSchema<O extends z.ZodObject>(def: ComponentDefinition<O>) {
  const ports = Object.fromEntries(
    Object.entries(def.ports).map(([name, p]) => [name, portSchema.optional().describe(`${p.description} (default ${p.port})`)]),
  );
  const schema = z.strictObject({
    ...def.options.shape,
    version: versionSchema.optional().describe(`${def.title} version to run (default: the pinned release)`),
    binary: binaryPathSchema.optional().describe(`your own ${def.title} binary (a distribution package, Homebrew, NixOS) instead of the official release archive; its version must match`),
    port: portSchema.optional().describe(`HTTP port (default ${def.ports.http?.port ?? 'none'})`),
    ports: z.strictObject(ports).optional().describe('every port by name; set one to move it'),
    resources: resourcesSchema.optional().describe('CPU and memory limits for containers and units'),
    settings: settingsSchema.optional(),
  } as O['shape'] & {
    version: z.ZodOptional<typeof versionSchema>;
    binary: z.ZodOptional<typeof binaryPathSchema>;
    port: z.ZodOptional<typeof portSchema>;
    ports: z.ZodOptional<z.ZodObject<Record<string, z.ZodOptional<typeof portSchema>>>>;
    resources: z.ZodOptional<typeof resourcesSchema>;
    settings: z.ZodOptional<typeof settingsSchema>;
  });
  // Checks across an option's keys (Alertmanager: a route names a defined receiver) live on
  // the options object; its keys are spread into this one at the same level, so they apply as is.
  const checks = def.options._zod.def.checks ?? [];
  return checks.length ? schema.check(...(checks as z.core.$ZodCheck<z.output<typeof schema>>[])) : schema;
}

/**
 * `{...}` turns a component on (with options), `false` turns it off. Its options' schema is
 * built the first time a definition names the component: most name few of them, and
 * building all eleven was a noticeable part of every render's start.
 */
export function toggle<O extends z.ZodObject>(def: ComponentDefinition<O>) {
  const options = z.lazy(() => {
    built.add(def.name);
    return componentSchema(def);
  });
  // The first parse of the stack's object asks every key whether it is optional, and zod's
  // lazy asks its inner schema, building it: the answer is fixed here (an options object is
  // neither optional nor defaulted; the union around it is made optional below).
  options._zod.optin = undefined;
  options._zod.optout = undefined;
  return z
    .union([z.literal(false), options])
    .optional()
    .describe(`${def.title}: an object of options enables it, false disables it${def.defaultEnabled ? ' (on by default)' : ''}`);
}

const built = new Set<string>();

/** The components whose options schema this process has built, in order (for the tests that keep it lazy). */
export function builtComponentSchemas(): string[] {
  return [...built];
}
