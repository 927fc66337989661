import * as z from 'zod';
import { durationSchema, labelNameSchema, labelValueSchema, positiveDurationSchema, utf8LabelNameSchema } from '../schema/schema-parts.js';

// Prometheus (rulefmt): `__name__` cannot be set by a rule.
const labels = z.record(labelNameSchema.refine((n) => n !== '__name__', { error: 'a rule cannot set __name__' }), labelValueSchema);

export const alertingRuleSchema = z.strictObject({
  alert: z.string().min(1),
  expr: z.string().min(1).describe('PromQL expression, syntax-checked by `grafana-stack check`'),
  for: durationSchema.optional(),
  keep_firing_for: durationSchema.optional(),
  labels: labels.optional(),
  annotations: z.record(utf8LabelNameSchema, z.string()).optional(),
});

export const recordingRuleSchema = z.strictObject({
  record: z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'expected a metric name'),
  expr: z.string().min(1),
  labels: labels.optional(),
});

/** Prometheus rule groups, with Prometheus' own field names. */
export const ruleGroupSchema = z.strictObject({
  name: z.string().min(1),
  interval: positiveDurationSchema.optional(),
  limit: z.number().int().nonnegative().optional(),
  labels: labels.optional(),
  rules: z.array(z.union([alertingRuleSchema, recordingRuleSchema])).min(1, 'expected at least one rule'),
});
