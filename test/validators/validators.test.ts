import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cli, readManifests, renderFixture, tempProject, ROOT } from '../helpers.js';
import { componentBinary, componentMissing } from '../tools/binaries.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';
import { COMPONENT_LIST } from '../../src/components/registry.js';
import { defaultStoreDir, storedBinary } from '../../src/artifacts/store.js';

/**
 * Our output fed to the tools that consume it. A missing tool is a visible skip with the
 * reason (and .ci/run installs promtool and systemd-analyze, so there they always run).
 */
const fixture = join(ROOT, 'test/fixtures/shop.config.ts');
// The pinned release's own promtool, never whatever is on PATH (Debian's 2.42 refuses what 3.x accepts).
const pinnedPromtool = await storedBinary(defaultStoreDir(), 'prometheus', DEFAULT_VERSIONS.prometheus, 'promtool');
const promtool = pinnedPromtool;
const noPromtool = componentMissing('prometheus', DEFAULT_VERSIONS.prometheus, 'promtool');
const systemdAnalyze = await componentBinary('systemd-analyze');

const render = (target: string, extra: string[] = []) => renderFixture(fixture, target, { extra });

test('promtool check config accepts the rendered prometheus.yml (and its rule files)', { skip: !promtool && noPromtool }, () => {
  const out = render('native');
  const r = spawnSync(promtool!, ['check', 'config', join(out, 'prometheus/prometheus.yml')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /SUCCESS/);
});

test('promtool check config accepts Kubernetes service discovery jobs', { skip: !promtool && noPromtool }, () => {
  const dir = tempProject();
  const config = readManifests(renderFixture(join(ROOT, 'test/fixtures/cluster.config.yaml'), 'kubernetes')).find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'prometheus-config')!;
  // The in-cluster addresses do not matter to promtool; the discovery blocks do.
  writeFileSync(join(dir, 'prometheus.yml'), config.data['prometheus.yml']);
  const check = spawnSync(promtool!, ['check', 'config', '--syntax-only', join(dir, 'prometheus.yml')], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stdout + check.stderr);
  writeFileSync(join(dir, 'bad.yml'), config.data['prometheus.yml'].replace('role: endpointslice', 'role: endpointslices'));
  const bad = spawnSync(promtool!, ['check', 'config', '--syntax-only', join(dir, 'bad.yml')], { encoding: 'utf8' });
  assert.notEqual(bad.status, 0, 'a wrong role is rejected');
});

test('promtool check rules accepts every rendered rule file', { skip: !promtool && noPromtool }, () => {
  const out = render('native');
  const files = readdirSync(join(out, 'prometheus/rules')).map((f) => join(out, 'prometheus/rules', f));
  assert.ok(files.length > 0);
  const r = spawnSync(promtool!, ['check', 'rules', ...files], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /SUCCESS: 2 rules found/);
});

test(`promtool ${DEFAULT_VERSIONS.prometheus} (pinned) accepts the rendered config and rules`, { skip: !pinnedPromtool && componentMissing('prometheus', DEFAULT_VERSIONS.prometheus, 'promtool') }, () => {
  const out = render('native');
  const r = spawnSync(pinnedPromtool!, ['check', 'config', join(out, 'prometheus/prometheus.yml')], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout + r.stderr, /SUCCESS: 1 rule files found/);
});

test('promtool rejects what we would reject: the validator is really consulted', { skip: !promtool && noPromtool }, () => {
  const out = render('native');
  writeFileSync(join(out, 'prometheus/rules/api.yml'), 'groups:\n  - name: x\n    rules:\n      - alert: A\n        expr: "sum("\n');
  const r = spawnSync(promtool!, ['check', 'config', join(out, 'prometheus/prometheus.yml')], { encoding: 'utf8' });
  assert.notEqual(r.status, 0);
});

for (const [name, config] of [['shop', fixture], ['everything', join(ROOT, 'test/fixtures/everything.config.yaml')]] as const) {
  test(`systemd-analyze verify accepts every unit without a warning, and security rates each 1.5 or less (${name})`, { skip: !systemdAnalyze && 'systemd-analyze not installed' }, () => {
    const dir = tempProject();
    const prefix = join(dir, 'opt');
    // verify checks that ExecStart= points at an executable: install stand-ins at the prefix.
    for (const def of COMPONENT_LIST) {
      const version = (DEFAULT_VERSIONS as Record<string, string>)[def.name]!;
      for (const binary of def.artifact?.binaries ?? []) {
        mkdirSync(join(prefix, `${def.name}-${version}`), { recursive: true });
        writeFileSync(join(prefix, `${def.name}-${version}`, binary), '#!/bin/sh\n');
        chmodSync(join(prefix, `${def.name}-${version}`, binary), 0o755);
      }
    }
    const r0 = cli(['--config', config, 'render', 'systemd', '--out', 'out', '--prefix', prefix], { cwd: dir, env: { GRAFANA_ADMIN_PASSWORD: 'x', SLACK_WEBHOOK_URL: 'https://hooks.slack.example/x' } });
    assert.equal(r0.code, 0, r0.stderr);
    const unitsDir = join(dir, 'out/systemd');
    const units = readdirSync(unitsDir);
    const r = spawnSync(systemdAnalyze!, ['verify', ...units], { cwd: unitsDir, encoding: 'utf8' });
    // verify exits 0 on unknown keys and bad values, so any output counts as a failure.
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr.trim(), '', `systemd-analyze verify warned:\n${r.stderr}`);
    for (const unit of units.filter((u) => u.endsWith('.service') && !u.endsWith('-secrets.service'))) {
      const sec = spawnSync(systemdAnalyze!, ['security', '--offline=yes', unit], { cwd: unitsDir, encoding: 'utf8' });
      const score = Number(/Overall exposure level for \S+: (\d+\.\d+)/.exec(sec.stdout)?.[1]);
      assert.ok(score <= 1.5, `${unit} exposure ${score} (want <= 1.5):\n${sec.stdout.split('\n').filter((l) => l.includes('✗')).join('\n')}`);
    }
  });
}

// Every component's own validator (the ones `grafana-stack check` runs), on the shop stack
// and on the stack with every component: the pinned binary from the store, never PATH's.
const everything = join(ROOT, 'test/fixtures/everything.config.yaml');
const everythingEnv = { GRAFANA_ADMIN_PASSWORD: 'x', SLACK_WEBHOOK_URL: 'https://hooks.slack.example/x' };
let rendered: { shop: string; everything: string } | undefined;
const renders = () => (rendered ??= { shop: render('native'), everything: renderFixture(everything, 'native', { env: everythingEnv }) });
for (const def of COMPONENT_LIST) {
  const version = (DEFAULT_VERSIONS as Record<string, string>)[def.name]!;
  for (const v of def.validators ?? []) {
    const bin = await componentBinary(v.binary, version, def.name);
    test(`${v.name} (${def.name} ${version}) accepts what the shop and everything stacks render`, { skip: !bin && componentMissing(def.name, version, v.binary) }, () => {
      const { shop, everything: all } = renders();
      for (const out of [shop, all]) {
        for (const file of v.files(out)) {
          const r = spawnSync(bin!, v.args(join(out, file)), { encoding: 'utf8', timeout: 60_000 });
          assert.equal(r.status, 0, `${v.name} ${file}:\n${r.stdout}${r.stderr}`);
        }
      }
      assert.ok(v.files(all).length > 0, `the everything stack renders what ${v.name} checks`);
    });
  }
}

test('grafana-stack check runs the installed validators and reports what it skipped', () => {
  const dir = tempProject();
  const r = cli(['--config', fixture, 'check'], { cwd: dir, env: { GRAFANA_ADMIN_PASSWORD: 'x' } });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  if (promtool) assert.match(r.stdout, /✓ promtool check config prometheus\/prometheus\.yml/);
  assert.match(r.stdout, /(✓|-) loki -verify-config loki\/loki\.yaml/);
});
