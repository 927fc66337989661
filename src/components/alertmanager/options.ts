import * as z from 'zod';
import { durationSchema, httpUrlSchema, positiveDurationSchema, secretRefSchema, utf8LabelNameSchema } from '../../schema/schema-parts.js';

const matcher = z
  .string()
  .regex(/^\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(=~|!~|!=|=)\s*.+$/, 'expected a matcher such as severity="critical" or team=~"db|infra"')
  .describe('label matcher in Alertmanager syntax: name="value", name!="value", name=~"regex", name!~"regex"');

const receiverName = z.string().min(1).regex(/^[^\s].*[^\s]$|^[^\s]$/, 'expected a receiver name without leading or trailing spaces');

/** Alertmanager's own group_by rules (config.Route.UnmarshalYAML). */
function checkGroupBy(labels: readonly string[], ctx: z.core.$RefinementCtx<string[]>): void {
  if (labels.includes('...') && labels.length > 1) {
    ctx.addIssue({ code: 'custom', message: 'either "..." (group by every label) or label names, not both' });
  }
  const seen = new Set<string>();
  labels.forEach((l, i) => {
    if (seen.has(l)) ctx.addIssue({ code: 'custom', path: [i], message: `label "${l}" is listed twice` });
    seen.add(l);
  });
}

const timing = {
  groupBy: z
    .array(z.union([z.literal('...'), utf8LabelNameSchema]))
    .superRefine(checkGroupBy)
    .optional()
    .describe('labels that group alerts into one notification ("..." groups by every label)'),
  groupWait: durationSchema.optional().describe('wait before the first notification of a new group'),
  groupInterval: positiveDurationSchema.optional().describe('wait before notifying about new alerts of a group'),
  repeatInterval: positiveDurationSchema.optional().describe('wait before re-sending a notification that did not change'),
};

const childRoute = z.strictObject({
  matchers: z.array(matcher).min(1).describe('alerts this route takes'),
  receiver: receiverName.describe('receiver of the matched alerts'),
  continue: z.boolean().optional().describe('keep matching the following routes too'),
  ...timing,
});

const webhook = z
  .strictObject({
    url: httpUrlSchema.optional().describe('where alerts are POSTed as JSON'),
    urlSecret: secretRefSchema.optional().describe('the URL as { env } or { file }, when it carries a token'),
    sendResolved: z.boolean().default(true),
    maxAlerts: z.number().int().nonnegative().optional().describe('alerts per message (0: all)'),
  })
  .refine((w) => (w.url === undefined) !== (w.urlSecret === undefined), { error: 'a webhook takes url or urlSecret: give exactly one' });

const slack = z.strictObject({
  apiUrl: secretRefSchema.describe('the incoming-webhook URL, as { env } or { file } (it is a credential)'),
  channel: z.string().min(1).optional().describe('channel override, e.g. "#alerts"'),
  title: z.string().optional(),
  text: z.string().optional(),
  sendResolved: z.boolean().default(true),
});

const email = z.strictObject({
  to: z.string().min(3).describe('recipient address(es), comma-separated'),
  from: z.string().min(3),
  smarthost: z.string().regex(/^[^\s:]+:\d+$/, 'expected host:port').describe('SMTP server as host:port'),
  authUsername: z.string().optional(),
  authPassword: secretRefSchema.optional().describe('SMTP password as { env } or { file }'),
  requireTls: z.boolean().default(true),
  sendResolved: z.boolean().default(false),
});

const receiver = z.strictObject({
  name: receiverName.describe('what routes call it'),
  webhook: z.array(webhook).default([]),
  slack: z.array(slack).default([]),
  email: z.array(email).default([]),
});

const inhibitRule = z.strictObject({
  sourceMatchers: z.array(matcher).min(1).describe('alerts that mute others while they fire'),
  targetMatchers: z.array(matcher).min(1).describe('alerts that are muted'),
  equal: z.array(utf8LabelNameSchema).default([]).describe('labels that must be equal in source and target'),
});

export const alertmanagerOptions = z
  .strictObject({
    route: z
      .strictObject({
        receiver: receiverName.default('default').describe('receiver of alerts no child route takes'),
        groupBy: timing.groupBy.default(['alertname']),
        groupWait: durationSchema.default('10s').describe('wait before the first notification of a new group'),
        groupInterval: positiveDurationSchema.default('1m').describe('wait before notifying about new alerts of a group'),
        repeatInterval: positiveDurationSchema.default('4h').describe('wait before re-sending a notification that did not change'),
        routes: z.array(childRoute).default([]).describe('child routes, tried in order (for deeper trees use settings)'),
      })
      .prefault({})
      .describe('the routing tree: where alerts go'),
    receivers: z
      .array(receiver)
      .default([{ name: 'default', webhook: [], slack: [], email: [] }])
      .describe('notification targets; a receiver without integrations drops what it gets'),
    inhibitRules: z.array(inhibitRule).default([]),
    retention: positiveDurationSchema.default('120h').describe('how long silences and notification state are kept'),
  })
  .superRefine((o, ctx) => {
    const names = new Map<string, number>();
    o.receivers.forEach((r, i) => {
      if (names.has(r.name)) ctx.addIssue({ code: 'custom', path: ['receivers', i, 'name'], message: `receiver "${r.name}" is already defined by receivers[${names.get(r.name)}]` });
      names.set(r.name, i);
    });
    const known = [...names.keys()].join(', ');
    if (!names.has(o.route.receiver)) ctx.addIssue({ code: 'custom', path: ['route', 'receiver'], message: `no receiver is named "${o.route.receiver}" (receivers: ${known})` });
    o.route.routes.forEach((r, i) => {
      if (!names.has(r.receiver)) ctx.addIssue({ code: 'custom', path: ['route', 'routes', i, 'receiver'], message: `no receiver is named "${r.receiver}" (receivers: ${known})` });
    });
  });

export type AlertmanagerOptions = z.output<typeof alertmanagerOptions>;
export type Receiver = AlertmanagerOptions['receivers'][number];
