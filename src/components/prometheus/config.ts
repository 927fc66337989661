import { deepMerge } from '../../core/deep-merge.js';
import { ref, type Value } from '../../model/refs.js';
import type { PlanFile } from '../../model/service-plan.js';
import { StackError, type Problem } from '../../core/errors.js';
import { shown } from '../../formats/text.js';
import type { ResolvedComponent, Stack } from '../../model/stack.js';
import type { PrometheusOptions } from './index.js';
import { kubernetesScrapeConfig } from './kubernetes-sd.js';

/** prometheus.yml: the stack's own services are scraped, then the user's jobs. */
export function prometheusConfig(stack: Stack, self: ResolvedComponent<PrometheusOptions>): Value {
  const o = self.options;
  const own = Object.values(stack.components)
    .filter((c) => c.metrics)
    // Each only where the target runs it (kube-state-metrics only in a cluster).
    .map((c) =>
      ref.whenPlanned(c.name, {
        job_name: c.name,
        ...(c.metrics!.path !== '/metrics' ? { metrics_path: c.metrics!.path } : {}),
        static_configs: [{ targets: [ref.endpoint(c.name, c.metrics!.port)], labels: { stack: stack.name } }],
      }),
    );
  const user = o.scrape.map((j) => ({
    job_name: j.job,
    ...(j.interval ? { scrape_interval: j.interval } : {}),
    ...(j.metricsPath ? { metrics_path: j.metricsPath } : {}),
    ...(j.scheme ? { scheme: j.scheme } : {}),
    ...(j.kubernetes
      ? kubernetesScrapeConfig(j.kubernetes, j.labels ?? {})
      : { static_configs: [{ targets: j.targets ?? [], ...(j.labels ? { labels: j.labels } : {}) }] }),
  }));
  const config: Record<string, Value> = {
    global: {
      scrape_interval: o.scrapeInterval,
      evaluation_interval: o.evaluationInterval,
      external_labels: { stack: stack.name, ...o.externalLabels },
    },
    ...(stack.rules.length ? { rule_files: ['rules/*.yml'] } : {}),
    // Alerting rules fire into the stack's Alertmanager when it has one.
    ...(stack.components.alertmanager
      ? { alerting: { alertmanagers: [{ static_configs: [{ targets: [ref.endpoint('alertmanager', 'http')] }] }] } }
      : {}),
    scrape_configs: [...own, ...user],
    // With Mimir in the stack, everything scraped (and remote-written here) is forwarded to
    // it for long-term storage; Prometheus keeps its own short retention.
    ...(stack.components.mimir
      ? { remote_write: [{ name: 'mimir', url: ref.url('mimir', 'http', '/api/v1/push'), send_exemplars: true, send_native_histograms: true }] }
      : {}),
  };
  return deepMerge(config, self.settings) as Value;
}

/**
 * One rule file per group, named after the group, so promtool errors point at it. Two
 * groups whose names make one file name (`API` and `api`) are refused, naming both.
 */
export function ruleFiles(stack: Stack): PlanFile[] {
  const taken = new Map<string, number>();
  const problems: Problem[] = [];
  const files = stack.rules.map((g, i) => {
    const file = fileSafe(g.name);
    const first = taken.get(file);
    if (first !== undefined) {
      problems.push({ path: `rules[${i}].name`, message: `${shown(g.name)} makes the same rule file name (rules/${file}.yml) as rules[${first}].name ${shown(stack.rules[first]!.name)}: rename one of the groups` });
    }
    taken.set(file, first ?? i);
    return { path: `rules/${file}.yml`, format: 'yaml' as const, content: { groups: [g as unknown as Value] }, collection: 'rules' };
  });
  if (problems.length) throw new StackError('rule groups collide', problems);
  return files;
}

/** A group name as a file name: lowercase letters, digits, `.`, `_` and `-`, never hidden, at most 100 characters. */
export function fileSafe(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '').slice(0, 100) || 'rules';
}
