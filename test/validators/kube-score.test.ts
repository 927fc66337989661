import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestPaths, renderFixture, ROOT } from '../helpers.js';
import { missingTool, toolBinary } from '../tools/binaries.js';

/**
 * The real kube-score (built from its pinned module) over every rendered object, with
 * warnings as failures and its optional seccomp and port checks on. Our own
 * kube-score-style test (kubernetes-policy.test.ts) runs everywhere; this one proves it
 * checks what kube-score checks.
 */
const kubeScore = await toolBinary('kube-score');
const skip = !kubeScore && missingTool('kube-score');
const STRICT = ['-o', 'ci', '--exit-one-on-warning', '--enable-optional-test', 'container-seccomp-profile', '--enable-optional-test', 'container-ports-check'];

const render = (fixture: string) => manifestPaths(renderFixture(join(ROOT, 'test/fixtures', fixture), 'kubernetes', { env: { GRAFANA_ADMIN_PASSWORD: 'x', MIMIR_S3_SECRET_KEY: 'x', SLACK_WEBHOOK_URL: 'x' } }));

const problems = (stdout: string) => stdout.split('\n').filter((l) => /^\[(CRITICAL|WARNING)\]/.test(l));

test('kube-score: no critical finding and no warning, with imagePullPolicy Always (cluster)', { skip }, () => {
  const r = spawnSync(kubeScore!, ['score', ...STRICT, ...render('cluster.config.yaml')], { encoding: 'utf8' });
  assert.deepEqual(problems(r.stdout), []);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.split('\n').filter((l) => l.startsWith('[OK]')).length > 100, 'kube-score ran its checks');
});

test('kube-score: the default IfNotPresent is the only finding, and kube-score is really consulted (shop)', { skip }, () => {
  const files = render('shop.config.ts');
  // IfNotPresent is the default so images loaded into the nodes (kind, k3s, podman) run;
  // `kubernetes.imagePullPolicy: Always` is the setting for shared clusters (above).
  const r = spawnSync(kubeScore!, ['score', ...STRICT, '--ignore-test', 'container-image-pull-policy', ...files], { encoding: 'utf8' });
  assert.deepEqual(problems(r.stdout), []);
  assert.equal(r.status, 0);
  const loki = files.find((f) => f.endsWith('loki.yaml'))!;
  writeFileSync(loki, readFileSync(loki, 'utf8').replace(/readOnlyRootFilesystem: true/, 'readOnlyRootFilesystem: false').replace(/runAsUser: 65532/g, 'runAsUser: 1000'));
  const broken = spawnSync(kubeScore!, ['score', ...STRICT, '--ignore-test', 'container-image-pull-policy', ...files], { encoding: 'utf8' });
  assert.notEqual(broken.status, 0);
  assert.match(problems(broken.stdout).join('\n'), /loki.*writable root filesystem/);
  assert.match(problems(broken.stdout).join('\n'), /loki.*low user ID/);
});

test('kube-score: Mimir (S3 key from a Secret) and Pyroscope add no finding but the default IfNotPresent (mimir-pyroscope)', { skip }, () => {
  const r = spawnSync(kubeScore!, ['score', ...STRICT, '--ignore-test', 'container-image-pull-policy', ...render('mimir-pyroscope.config.yaml')], { encoding: 'utf8' });
  assert.deepEqual(problems(r.stdout), []);
  assert.equal(r.status, 0, r.stderr);
});

for (const [fixture, images] of [['everything.config.yaml', 'official'], ['built.config.yaml', 'built']] as const) {
  test(`kube-score: every component at once adds no finding but IfNotPresent and the one kube-state-metrics replica (${images} images)`, { skip }, () => {
    // kube-state-metrics runs one replica on purpose: a second would export every series twice (upstream shards instead).
    const r = spawnSync(kubeScore!, ['score', ...STRICT, '--ignore-test', 'container-image-pull-policy', '--ignore-test', 'deployment-replicas', ...render(fixture)], { encoding: 'utf8' });
    assert.deepEqual(problems(r.stdout), []);
    assert.equal(r.status, 0, r.stderr);
  });
}
