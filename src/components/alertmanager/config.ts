import { deepMerge } from '../../core/deep-merge.js';
import { StackError, type Problem } from '../../core/errors.js';
import { shown } from '../../formats/text.js';
import { ref, type Value } from '../../model/refs.js';
import type { PlanSecret, SecretSource } from '../../model/service-plan.js';
import type { ResolvedComponent } from '../../model/stack.js';
import type { AlertmanagerOptions, Receiver } from './options.js';

/**
 * alertmanager.yml from the typed route and receivers. Credentials (a Slack webhook URL,
 * an SMTP password, a webhook URL with a token) are never written into the file: each is a
 * secret of the service, and the config names the file that holds it (`*_file` keys).
 */
export function alertmanagerConfig(self: ResolvedComponent<AlertmanagerOptions>): { config: Value; secrets: PlanSecret[] } {
  const o = self.options;
  const secrets: PlanSecret[] = [];
  // Secret names become file names, credential ids and Secret keys: two receivers whose names
  // make one slug ("a b", "a-b") would share a secret, so that is refused, naming both.
  const owners = new Map<string, number>();
  const problems: Problem[] = [];
  let current = 0;
  const secretFile = (receiver: string, kind: string, i: number, source: SecretSource, description: string) => {
    const name = `receiver-${slug(receiver)}-${kind}-${i}`;
    const first = owners.get(name);
    if (first !== undefined && first !== current) {
      problems.push({ path: `alertmanager.receivers[${current}].name`, message: `${shown(receiver)} makes the same secret name (${name}) as receivers[${first}].name ${shown(o.receivers[first]!.name)}: rename one of them` });
    }
    owners.set(name, first ?? current);
    secrets.push({ name, description, source });
    return ref.secretFile(name);
  };
  const receivers = o.receivers.map((r, i) => {
    current = i;
    return receiverConfig(r, secretFile);
  });
  if (problems.length) throw new StackError('alertmanager receivers collide', problems);
  const route = {
    receiver: o.route.receiver,
    group_by: o.route.groupBy,
    group_wait: o.route.groupWait,
    group_interval: o.route.groupInterval,
    repeat_interval: o.route.repeatInterval,
    ...(o.route.routes.length
      ? {
          routes: o.route.routes.map((c) => ({
            receiver: c.receiver,
            matchers: c.matchers,
            ...(c.continue !== undefined ? { continue: c.continue } : {}),
            ...(c.groupBy ? { group_by: c.groupBy } : {}),
            ...(c.groupWait ? { group_wait: c.groupWait } : {}),
            ...(c.groupInterval ? { group_interval: c.groupInterval } : {}),
            ...(c.repeatInterval ? { repeat_interval: c.repeatInterval } : {}),
          })),
        }
      : {}),
  };
  const config: Record<string, Value> = {
    route,
    receivers,
    ...(o.inhibitRules.length
      ? { inhibit_rules: o.inhibitRules.map((r) => ({ source_matchers: r.sourceMatchers, target_matchers: r.targetMatchers, ...(r.equal.length ? { equal: r.equal } : {}) })) }
      : {}),
  };
  return { config: deepMerge(config, self.settings) as Value, secrets };
}

type SecretFile = (receiver: string, kind: string, i: number, source: SecretSource, description: string) => Value;

function receiverConfig(r: Receiver, secretFile: SecretFile): Value {
  const out: Record<string, Value> = { name: r.name };
  if (r.webhook.length) {
    out.webhook_configs = r.webhook.map((w, i) => ({
      ...(w.urlSecret ? { url_file: secretFile(r.name, 'webhook', i, w.urlSecret, `webhook URL of receiver "${r.name}"`) } : { url: w.url! }),
      send_resolved: w.sendResolved,
      ...(w.maxAlerts !== undefined ? { max_alerts: w.maxAlerts } : {}),
    }));
  }
  if (r.slack.length) {
    out.slack_configs = r.slack.map((s, i) => ({
      api_url_file: secretFile(r.name, 'slack', i, s.apiUrl, `Slack webhook URL of receiver "${r.name}"`),
      send_resolved: s.sendResolved,
      ...(s.channel ? { channel: s.channel } : {}),
      ...(s.title ? { title: s.title } : {}),
      ...(s.text ? { text: s.text } : {}),
    }));
  }
  if (r.email.length) {
    out.email_configs = r.email.map((e, i) => ({
      to: e.to,
      from: e.from,
      smarthost: e.smarthost,
      require_tls: e.requireTls,
      send_resolved: e.sendResolved,
      ...(e.authUsername ? { auth_username: e.authUsername } : {}),
      ...(e.authPassword ? { auth_password_file: secretFile(r.name, 'smtp', i, e.authPassword, `SMTP password of receiver "${r.name}"`) } : {}),
    }));
  }
  return out;
}

/** A receiver name as part of a secret name (a DNS label part: targets use it in file and Secret key names). */
function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 30) || 'receiver';
}
