import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { renderNativeService, startUntilReady } from './native-service.js';
import { join } from 'node:path';
import { cli, readTree, renderFixture, tempProject, ROOT } from '../helpers.js';
import { componentBinary, componentMissing } from '../tools/binaries.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';

/**
 * Alertmanager's rendered config fed to the real amtool and Alertmanager, the alerting
 * section of prometheus.yml to promtool, and the receivers' credentials kept out of
 * every rendered file of every target.
 */
const fixture = join(ROOT, 'test/fixtures/alerting.config.yaml');
const SECRETS = { PAGER_WEBHOOK_URL: 'https://pager.example/hook/tok-PAGER-7f3a', SLACK_WEBHOOK_URL: 'https://hooks.slack.example/T0/B0/SLACK-9c1e', SMTP_PASSWORD: 'smtp-pw-4d2b' };
const env = { GRAFANA_ADMIN_PASSWORD: 'from-env-for-tests', ...SECRETS };
const version = DEFAULT_VERSIONS.alertmanager;
const amtool = await componentBinary('amtool', version, 'alertmanager');
const alertmanager = await componentBinary('alertmanager', version);
const promtool = await componentBinary('promtool', DEFAULT_VERSIONS.prometheus, 'prometheus');
const missing = (bin: string) => componentMissing('alertmanager', version, bin);

test('amtool check-config accepts the rendered alertmanager.yml: routes, three kinds of receivers, an inhibit rule', { skip: !amtool && missing('amtool') }, () => {
  const out = renderFixture(fixture, 'native', { env });
  const r = spawnSync(amtool!, ['check-config', join(out, 'alertmanager/alertmanager.yml')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /SUCCESS/);
  assert.match(r.stdout, /1 inhibit rules/);
  assert.match(r.stdout, /3 receivers/);
});

test('amtool rejects what Alertmanager would reject (so the check above can fail)', { skip: !amtool && missing('amtool') }, () => {
  const out = renderFixture(fixture, 'native', { env });
  const file = join(out, 'alertmanager/alertmanager.yml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('receiver: ops-mail', 'receiver: nobody'));
  const r = spawnSync(amtool!, ['check-config', file], { encoding: 'utf8' });
  assert.notEqual(r.status, 0);
  assert.match(r.stdout + r.stderr, /undefined receiver "nobody"/);
});

test('promtool accepts prometheus.yml with the Alertmanager wired in', { skip: !promtool && componentMissing('prometheus', DEFAULT_VERSIONS.prometheus, 'promtool') }, () => {
  const out = renderFixture(fixture, 'native', { env });
  const text = readFileSync(join(out, 'prometheus/prometheus.yml'), 'utf8');
  assert.match(text, /alerting:\n\s+alertmanagers:\n\s+- static_configs:\n\s+- targets:\n\s+- 127\.0\.0\.1:9093/);
  const r = spawnSync(promtool!, ['check', 'config', join(out, 'prometheus/prometheus.yml')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('a route to an undefined receiver is refused with its path, and nothing is written', () => {
  const dir = tempProject({
    'grafana-stack.config.yaml': 'alertmanager:\n  receivers: [{ name: team }]\n  route: { receiver: team, routes: [{ matchers: [\'a="b"\'], receiver: pager }] }\n',
  });
  const r = cli(['render', 'native', '--out', 'out'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /alertmanager\.route\.routes\[0\]\.receiver: no receiver is named "pager" \(receivers: team\)/);
  assert.equal(readTree(dir).has('out/services.json'), false);
});

for (const target of ['native', 'systemd', 'compose', 'kubernetes', 'helm']) {
  test(`no receiver credential reaches a rendered file (${target})`, () => {
    const out = renderFixture(fixture, target, { env });
    for (const [path, bytes] of readTree(out)) {
      for (const [name, value] of Object.entries(SECRETS)) assert.ok(!bytes.toString().includes(value), `${name} found in ${path}`);
    }
  });
}

test('Alertmanager starts with the rendered config and becomes ready, gossiping with nobody', { skip: !alertmanager && missing('alertmanager'), timeout: 60_000 }, async () => {
  const svc = renderNativeService('name: am-ready\ngrafana: false\nloki: false\ntempo: false\nprometheus: { port: 25090 }\nalertmanager: { port: 25093 }\n', 'alertmanager');
  await startUntilReady(alertmanager!, svc, 30_000, async () => {
    const status = (await (await fetch(svc.health.url.replace('/-/ready', '/api/v2/status'))).json()) as { cluster: { status: string } };
    assert.equal(status.cluster.status, 'disabled', 'a single Alertmanager gossips with nobody');
  });
});
