import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, readTree, tempProject } from '../helpers.js';
import { componentBinary } from '../tools/binaries.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';

/**
 * What grafana-stack refuses, the real tools refuse too: each value is refused by the CLI
 * (exit 2, path and value named, nothing written), and the same value written by hand into
 * the component's own config (or flag) is refused by promtool, amtool or the binary itself.
 * The values grafana-stack writes instead (`168h`, `1536MB`) get past the same checks.
 */
const promtool = await componentBinary('promtool', DEFAULT_VERSIONS.prometheus, 'prometheus');
const prometheus = await componentBinary('prometheus', DEFAULT_VERSIONS.prometheus);
const amtool = await componentBinary('amtool', DEFAULT_VERSIONS.alertmanager, 'alertmanager');
const alertmanager = await componentBinary('alertmanager', DEFAULT_VERSIONS.alertmanager);
const notStored = (c: string) => `${c} ${DEFAULT_VERSIONS[c as keyof typeof DEFAULT_VERSIONS]} not in the store on this machine (npm run fetch:source)`;

function refusedByCli(config: unknown, pattern: RegExp): void {
  const dir = tempProject({ 'grafana-stack.config.json': JSON.stringify(config) });
  const r = cli(['render', 'native', '--out', 'out'], { cwd: dir });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, pattern);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
  assert.equal(spawnSync('ls', ['-A', dir], { encoding: 'utf8' }).stdout.trim(), 'grafana-stack.config.json', 'nothing written');
}

function run(bin: string, args: string[]): { code: number; out: string } {
  const r = spawnSync(bin, args, { encoding: 'utf8', timeout: 30_000 });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

function promtoolConfig(yaml: string): { code: number; out: string } {
  const f = join(tempProject(), 'prometheus.yml');
  writeFileSync(f, yaml);
  return run(promtool!, ['check', 'config', f]);
}

function amtoolConfig(yaml: string): { code: number; out: string } {
  const f = join(tempProject(), 'alertmanager.yml');
  writeFileSync(f, yaml);
  return run(amtool!, ['check-config', f]);
}

test('durations: 1s1s, 1m1h, 1.5m are refused by grafana-stack and by promtool', { skip: !promtool && notStored('prometheus') }, () => {
  for (const d of ['1s1s', '1m1h', '1.5m']) {
    refusedByCli({ prometheus: { scrapeInterval: d } }, new RegExp(`prometheus\\.scrapeInterval: expected a duration .*got "${d.replace('.', '\\.')}"`));
    const r = promtoolConfig(`global:\n  scrape_interval: ${d}\n`);
    assert.notEqual(r.code, 0, `promtool accepted scrape_interval ${d}`);
    assert.match(r.out, /not a valid duration string|unknown unit/);
  }
  assert.equal(promtoolConfig('global:\n  scrape_interval: 1h30m\n').code, 0, 'the control case passes');
});

test('duplicate scrape job names: refused by grafana-stack and by promtool', { skip: !promtool && notStored('prometheus') }, () => {
  refusedByCli({ prometheus: { scrape: [{ job: 'api', targets: ['h:1'] }, { job: 'api', targets: ['h:2'] }] } }, /prometheus\.scrape\[1\]\.job: job "api" is already defined by scrape\[0\]/);
  refusedByCli({ prometheus: { scrape: [{ job: 'prometheus', targets: ['h:1'] }] } }, /prometheus\.scrape\[0\]\.job: job "prometheus" is the stack's own job/);
  const r = promtoolConfig('scrape_configs:\n  - job_name: api\n    static_configs: [{ targets: ["h:1"] }]\n  - job_name: api\n    static_configs: [{ targets: ["h:2"] }]\n');
  assert.notEqual(r.code, 0);
  assert.match(r.out, /found multiple scrape configs with job name "api"/);
});

test('label names: an empty one is refused by both; a rule cannot set __name__', { skip: !promtool && notStored('prometheus') }, () => {
  refusedByCli({ prometheus: { externalLabels: { '': 'x' } } }, /prometheus\.externalLabels\[""\]: invalid key: expected a label name/);
  assert.notEqual(promtoolConfig('global:\n  external_labels:\n    "": x\n').code, 0);
  refusedByCli({ rules: [{ name: 'g', rules: [{ record: 'a:b', expr: 'up', labels: { __name__: 'x' } }] }] }, /labels\.__name__: invalid key: a rule cannot set __name__/);
  const f = join(tempProject(), 'rules.yml');
  writeFileSync(f, 'groups:\n  - name: g\n    rules:\n      - record: a:b\n        expr: up\n        labels:\n          __name__: x\n');
  const r = run(promtool!, ['check', 'rules', f]);
  assert.notEqual(r.code, 0);
  assert.match(r.out, /invalid label name: __name__/);
  // Stricter than Prometheus 3 on purpose: "foo-bar" is a UTF-8 label name Prometheus
  // takes, but the stack's labels reach Mimir and unquoted PromQL, which do not.
  refusedByCli({ prometheus: { externalLabels: { 'foo-bar': 'x' } } }, /invalid key: expected a label name \(letters, digits and _/);
});

test('retention size 1.5Gi: Prometheus refuses the Kubernetes spelling; grafana-stack writes 1536MB', { skip: !prometheus && notStored('prometheus') }, () => {
  const missingConfig = join(tempProject(), 'none.yml');
  const bad = run(prometheus!, ['--storage.tsdb.retention.size=1.5Gi', `--config.file=${missingConfig}`]);
  assert.notEqual(bad.code, 0);
  assert.match(bad.out, /retention\.size|units: unknown unit/);
  // 1536MB gets past flag parsing: what stops it then is the missing config file.
  const good = run(prometheus!, ['--storage.tsdb.retention.size=1536MB', `--config.file=${missingConfig}`]);
  assert.notEqual(good.code, 0);
  assert.doesNotMatch(good.out, /units: unknown unit/);
  assert.match(good.out, /none\.yml/);
  const dir = tempProject({ 'grafana-stack.config.json': JSON.stringify({ prometheus: { retentionSize: '1.5Gi' } }) });
  const r = cli(['render', 'systemd', '--out', 'out'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  const unit = [...readTree(join(dir, 'out')).entries()].find(([p]) => p.endsWith('prometheus.service'))!;
  assert.match(unit[1].toString(), /--storage\.tsdb\.retention\.size=1536MB/);
});

test('Alertmanager: empty or mixed group_by and non-http webhooks are refused by grafana-stack and by amtool', { skip: !amtool && notStored('alertmanager') }, () => {
  refusedByCli({ alertmanager: { route: { groupBy: [''] } } }, /alertmanager\.route\.groupBy\[0\]: expected a label name \(non-empty UTF-8\), got ""/);
  const base = (route: string, receiver = '') => `route:\n  receiver: d\n${route}receivers:\n  - name: d\n${receiver}`;
  const empty = amtoolConfig(base('  group_by: [""]\n'));
  assert.notEqual(empty.code, 0);
  assert.match(empty.out, /invalid label name "" in group_by list/);
  refusedByCli({ alertmanager: { route: { groupBy: ['...', 'job'] } } }, /either "\.\.\." \(group by every label\) or label names, not both/);
  assert.match(amtoolConfig(base('  group_by: ["...", job]\n')).out, /cannot have wildcard group_by/);
  refusedByCli({ alertmanager: { receivers: [{ name: 'default', webhook: [{ url: 'ftp://hooks.example/x' }] }] } }, /webhook\[0\]\.url: expected an http:\/\/ or https:\/\/ URL, got "ftp:\/\/hooks\.example\/x"/);
  const ftp = amtoolConfig(base('', '    webhook_configs:\n      - url: ftp://hooks.example/x\n'));
  assert.notEqual(ftp.code, 0);
  assert.match(ftp.out, /unsupported scheme "ftp"/);
  assert.equal(amtoolConfig(base('  group_by: [alertname]\n', '    webhook_configs:\n      - url: https://hooks.example/x\n')).code, 0, 'the control case passes');
});

test('Alertmanager --data.retention takes Prometheus-style durations (7d), as the schema does', { skip: !alertmanager && notStored('alertmanager') }, () => {
  const missingConfig = join(tempProject(), 'none.yml');
  for (const d of ['7d', '120h']) {
    const r = run(alertmanager!, [`--data.retention=${d}`, `--config.file=${missingConfig}`, '--cluster.listen-address=', '--web.listen-address=127.0.0.1:0', `--storage.path=${tempProject()}`]);
    assert.doesNotMatch(r.out, /unknown unit|data\.retention/, d);
    assert.match(r.out, /none\.yml/, `${d} gets past the flags to the config file`);
  }
  const bad = run(alertmanager!, ['--data.retention=1x', `--config.file=${missingConfig}`, '--cluster.listen-address=']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.out, /unknown unit "x"/, 'refused at the flag');
  refusedByCli({ alertmanager: { retention: '1x' } }, /alertmanager\.retention: expected a duration .*got "1x": unknown unit "x"/);
  // The flag also takes Go's spellings (1s1s, 1.5h); the schema holds every duration of the
  // stack to the one grammar all its components read, Prometheus' (see core/duration.ts).
  refusedByCli({ alertmanager: { retention: '1.5h' } }, /alertmanager\.retention: expected a duration/);
});
