import * as z from 'zod';
import { stackSchema } from './schema.js';

/**
 * JSON Schema of the stack definition, for editor completion in YAML/JSON configs
 * (`# yaml-language-server: $schema=...`). Input types: keys with defaults are optional.
 */
export function stackJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(stackSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { ...schema, $id: 'https://grafana-stack.dev/schema/stack.json', title: 'grafana-stack stack definition' };
}
