import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveStack } from '../../src/resolve/resolve.js';
import { isStackError, type StackError } from '../../src/core/errors.js';
import { checkDuration } from '../../src/core/duration.js';
import { parseQuantity } from '../../src/core/quantity.js';
import { renderStack } from '../../src/render/render.js';
import { buildStack } from '../../src/plan/build.js';
import { dns1123LabelProblem, ingressHostProblem, labelValueProblem, qualifiedNameProblem } from '../../src/schema/kubernetes-names.js';

/**
 * Each class of definition the consuming component would refuse is refused here, by the
 * schema or the resolver, with the path and the value. The tools' own verdicts on the same
 * values are in test/validators/refusals.test.ts.
 */

async function problemsOf(config: unknown): Promise<string[]> {
  try {
    await resolveStack(config, { checkQueries: false });
  } catch (e) {
    assert.ok(isStackError(e), `expected a StackError, got ${String(e)}`);
    assert.equal((e as StackError).exitCode, 2);
    return (e as StackError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  assert.fail(`expected ${JSON.stringify(config)} to be rejected`);
}

async function accepted(config: unknown) {
  return resolveStack(config, { checkQueries: false });
}

test('durations follow model.ParseDuration: unit order, each once, whole numbers, range', async () => {
  for (const ok of ['0', '1ms', '30s', '1h30m', '2w3d', '1y', '1d12h30m15s500ms', '292y']) assert.ok(checkDuration(ok).ok, ok);
  for (const bad of ['', '1s1s', '1m1h', '1.5h', '-1s', '1', 's', '1H', '1 h', '1sec', '293y', '99999999999999999999s']) assert.ok(!checkDuration(bad).ok, bad);
  const p = await problemsOf({ prometheus: { scrapeInterval: '1s1s', scrape: [{ job: 'a', targets: ['h:1'], interval: '1.5m' }] }, loki: { retention: '0' } });
  assert.ok(p.includes('prometheus.scrapeInterval: expected a duration such as "15d" or "30s", got "1s1s": units go from the largest to the smallest, each at most once (y w d h m s ms)'), p.join('\n'));
  assert.match(p.join('\n'), /prometheus\.scrape\[0\]\.interval: expected a duration such as "15d" or "30s", got "1\.5m"/);
  assert.match(p.join('\n'), /loki\.retention: .*got "0": it must be longer than zero/);
});

test('quantities: CPU is cores or millicores, memory whole bytes; nonsense is refused with path and value', async () => {
  const p = await problemsOf({ grafana: { resources: { cpu: '2Gi', memory: '500m' } }, loki: { resources: { cpu: '0', memory: '0.1Gi' } }, tempo: { resources: { cpu: '0.0001', memory: '1Mi' } } });
  const text = p.join('\n');
  assert.match(text, /grafana\.resources\.cpu: expected a CPU quantity such as "2", "1\.5" or "500m", got "2Gi": "Gi" is not a CPU unit/);
  assert.match(text, /grafana\.resources\.memory: expected a memory quantity .*got "500m": "m" is not a byte unit/);
  assert.match(text, /loki\.resources\.cpu: .*got "0": a CPU limit must be at least 1m/);
  assert.match(text, /loki\.resources\.memory: .*got "0\.1Gi": not a whole number of bytes/);
  assert.match(text, /tempo\.resources\.cpu: .*whole millicores/);
  assert.match(text, /tempo\.resources\.memory: .*below 6Mi/);
  for (const bad of ['1e3', '-1', '1Gb', 'Gi', '1 Gi', '']) assert.ok(!parseQuantity(bad, 'memory').ok, bad);
  assert.deepEqual(parseQuantity('1.5Gi', 'memory'), { ok: true, value: { kind: 'memory', bytes: 1610612736 } });
  assert.deepEqual(parseQuantity('1G', 'storage'), { ok: true, value: { kind: 'storage', bytes: 1e9 } });
});

test('quantities render the same numbers in every target: no NaN, no reservation above the limit', async () => {
  const stack = await accepted({ grafana: { resources: { cpu: '1.5', memory: '1.5Gi' } }, prometheus: { retentionSize: '1.5Gi', resources: { cpu: '1m', memory: '6Mi' } } });
  const systemd = (await renderStack(buildStack(stack), 'systemd', { outDir: '/x', projectDir: '/p' }));
  const unit = (n: string) => systemd.find((f) => f.path.endsWith(`${n}.service`))!.content.toString();
  assert.match(unit('grafana'), /CPUQuota=150%/);
  assert.match(unit('grafana'), /MemoryMax=1536M/);
  assert.match(unit('prometheus'), /--storage\.tsdb\.retention\.size=1536MB/);
  assert.doesNotMatch(systemd.map((f) => f.content.toString()).join('\n'), /NaN/);
  const compose = (await renderStack(buildStack(stack), 'compose', { outDir: '/x', projectDir: '/p' })).find((f) => f.path === 'compose.yaml')!.content.toString();
  assert.doesNotMatch(compose, /NaN|\.nan/);
  assert.match(compose, /cpus: 1\.5\n/);
  // Requests are derived from limits and never above them, even at the smallest limits.
  assert.deepEqual(stack.components.prometheus!.resources.requests, { cpu: '1m', memory: '3Mi' });
});

test('label names, group_by and webhook URLs as Prometheus and Alertmanager take them', async () => {
  const p = (await problemsOf({
    prometheus: { externalLabels: { 'foo-bar': 'x' }, scrape: [{ job: 'a', targets: ['h:1'], labels: { '0x': 'y' } }] },
    alertmanager: {
      route: { groupBy: ['alertname', ''] },
      receivers: [{ name: 'default', webhook: [{ url: 'ftp://hooks.example/x' }, { url: 'javascript:alert(1)' }, { url: 'https://ok.example/hook' }] }],
      inhibitRules: [{ sourceMatchers: ['a="b"'], targetMatchers: ['c="d"'], equal: ['job', 'job2', ''] }],
    },
    grafana: { rootUrl: 'file:///etc/passwd' },
  })).join('\n');
  assert.match(p, /prometheus\.externalLabels\["foo-bar"\]: invalid key: expected a label name .*got "foo-bar"/);
  assert.match(p, /prometheus\.scrape\[0\]\.labels\["0x"\]: invalid key/);
  assert.match(p, /alertmanager\.route\.groupBy\[1\]: expected a label name \(non-empty UTF-8\), got ""/);
  assert.match(p, /alertmanager\.receivers\[0\]\.webhook\[0\]\.url: expected an http:\/\/ or https:\/\/ URL, got "ftp:\/\/hooks\.example\/x"/);
  assert.match(p, /alertmanager\.receivers\[0\]\.webhook\[1\]\.url: expected an http:\/\/ or https:\/\/ URL, got "javascript:alert\(1\)"/);
  assert.doesNotMatch(p, /webhook\[2\]/);
  assert.match(p, /alertmanager\.inhibitRules\[0\]\.equal\[2\]: expected a label name/);
  assert.match(p, /grafana\.rootUrl: expected an http:\/\/ or https:\/\/ URL, got "file:\/\/\/etc\/passwd"/);
  // Checks across a list's entries run once its entries parse (zod's order): one definition each.
  assert.deepEqual(await problemsOf({ rules: [{ name: 'g', rules: [{ alert: 'A', expr: 'up', labels: { __name__: 'x' } }] }] }), ['rules[0].rules[0].labels.__name__: invalid key: a rule cannot set __name__']);
  assert.deepEqual(await problemsOf({ alertmanager: { route: { routes: [{ matchers: ['a="b"'], receiver: 'default', groupBy: ['...', 'job'] }] } } }), [
    'alertmanager.route.routes[0].groupBy: either "..." (group by every label) or label names, not both',
  ]);
  assert.deepEqual(await problemsOf({ alertmanager: { route: { groupBy: ['job', 'job'] } } }), ['alertmanager.route.groupBy[1]: label "job" is listed twice']);
});


test('scrape job names are unique, also against the jobs the stack generates', async () => {
  const p = (await problemsOf({ prometheus: { scrape: [{ job: 'api', targets: ['h:1'] }, { job: 'api', targets: ['h:2'] }] } })).join('\n');
  assert.match(p, /prometheus\.scrape\[1\]\.job: job "api" is already defined by scrape\[0\]/);
  const own = (await problemsOf({ prometheus: { scrape: [{ job: 'loki', targets: ['h:3'] }] } })).join('\n');
  assert.match(own, /prometheus\.scrape\[0\]\.job: job "loki" is the stack's own job for loki/);
  // A component that is off has no job: the name is free.
  await accepted({ loki: false, prometheus: { scrape: [{ job: 'loki', targets: ['h:3'] }] } });
});

test('datasources: a second entry for the same uid or name is refused, not silently merged', async () => {
  const p = (await problemsOf({
    datasources: [
      { uid: 'extra', name: 'Extra', type: 'prometheus', url: 'http://a:9090' },
      { uid: 'extra', name: 'Extra 2', type: 'prometheus', url: 'http://b:9090' },
      { uid: 'loki', jsonData: { maxLines: 5 } },
      { uid: 'loki', jsonData: { maxLines: 6 } },
    ],
  })).join('\n');
  assert.match(p, /datasources\[1\]\.uid: uid "extra" is already used by datasources\[0\]/);
  assert.match(p, /datasources\[3\]\.uid: uid "loki" is already used by datasources\[2\]/);
});

test('homeDashboard names a dashboard of the stack', async () => {
  const p = (await problemsOf({ grafana: { homeDashboard: 'nope' } })).join('\n');
  assert.match(p, /grafana\.homeDashboard: no dashboard has uid "nope" \(uids: grafana-stack-overview\)/);
  await accepted({ grafana: { homeDashboard: 'grafana-stack-overview' } });
});

test('rule groups whose names would share a file are refused', async () => {
  const rules = (name: string) => ({ name, rules: [{ record: 'x:y', expr: 'up' }] });
  const p = (await problemsOf({ rules: [rules('API errors'), rules('api-errors')] })).join('\n');
  assert.match(p, /rules\[1\]\.name: group "api-errors" and rules\[0\] \("API errors"\) would share the rule file rules\/api-errors\.yml/);
});

test('settings: merged into Caddy JSON, refused with a reason where no document takes them', async () => {
  const stack = await accepted({ proxy: { settings: { apps: { http: { grace_period: '9s' } } } } });
  const caddy = JSON.parse((await renderStack(buildStack(stack), 'native', { outDir: '/x', projectDir: '/p' })).find((f) => f.path === 'proxy/caddy.json')!.content.toString());
  assert.equal(caddy.apps.http.grace_period, '9s');
  assert.ok(caddy.apps.http.servers.stack.routes.length > 1, 'merged, not replaced');
  const p = (await problemsOf({ alloy: { settings: { x: 1 } }, 'node-exporter': { settings: { x: 1 } }, 'kube-state-metrics': { settings: { x: 1 } } })).join('\n');
  assert.match(p, /alloy\.settings: Alloy takes no free-form settings: its config is Alloy syntax/);
  assert.match(p, /node-exporter\.settings: Node exporter takes no free-form settings: it is configured by flags.*`enable` and `disable`/);
  assert.match(p, /kube-state-metrics\.settings: kube-state-metrics takes no free-form settings/);
});

test('Kubernetes: names, keys, values, hosts and tolerations as the API server validates them', async () => {
  // apimachinery's own examples (pkg/util/validation/validation_test.go).
  for (const ok of ['simple', 'now-with-dashes', '1-starts-with-num', 'a'.repeat(63)]) assert.equal(dns1123LabelProblem(ok), undefined, ok);
  for (const bad of ['Upper', '-starts', 'ends-', 'has.dot', 'a'.repeat(64), '']) assert.ok(dns1123LabelProblem(bad), bad);
  for (const ok of ['simple', 'now-with-dashes', 'example.com/name', 'a.b/1-name_x.y', `${'a'.repeat(63)}`]) assert.equal(qualifiedNameProblem(ok), undefined, ok);
  for (const bad of ['', '/name', 'a/b/c', 'example.com/', '-a./x', 'Ex_ample.com/name', 'name-', 'a'.repeat(64), `${'a'.repeat(254)}/x`]) assert.ok(qualifiedNameProblem(bad), bad);
  for (const ok of ['', 'a', 'A.b-c_d', 'a'.repeat(63)]) assert.equal(labelValueProblem(ok), undefined, ok);
  for (const bad of ['-a', 'a b', 'a'.repeat(64), 'é']) assert.ok(labelValueProblem(bad), bad);
  for (const bad of ['10.0.0.1', 'Grafana.example.com', 'a..b', '*', 'x:80']) assert.ok(ingressHostProblem(bad), bad);
  assert.equal(ingressHostProblem('*.example.com'), undefined);

  const p = (await problemsOf({
    kubernetes: {
      namespace: 'Obs',
      storageClass: '*.fast',
      nodeSelector: { 'bad key!': 'x', 'kubernetes.io/os': 'not a value' },
      tolerations: [{ operator: 'Equal', value: 'x' }, { key: 'k', operator: 'Exists', value: 'v' }, { key: 'k', value: 'v', effect: 'NoSchedule', tolerationSeconds: 10 }, { key: '-k', operator: 'Exists' }],
      ingress: { host: '10.1.2.3', className: 'Nginx_Class', tlsSecret: 'TLS', annotations: { 'nginx.ingress.kubernetes.io/ok': 'y', 'bad/key/x': 'z' } },
      storage: { prometheus: '500m' },
    },
  })).join('\n');
  assert.match(p, /kubernetes\.namespace: expected a namespace name, got "Obs"/);
  assert.match(p, /kubernetes\.storageClass: expected a DNS subdomain name, got "\*\.fast"/);
  assert.match(p, /kubernetes\.nodeSelector\["bad key!"\]: invalid key: expected a Kubernetes key/);
  assert.match(p, /kubernetes\.nodeSelector\["kubernetes\.io\/os"\]: expected a Kubernetes label value, got "not a value"/);
  assert.match(p, /kubernetes\.tolerations\[0\]\.operator: a toleration without a key matches every taint and needs operator "Exists"/);
  assert.match(p, /kubernetes\.tolerations\[1\]\.value: operator "Exists" takes no value, got "v"/);
  assert.match(p, /kubernetes\.tolerations\[2\]\.tolerationSeconds: tolerationSeconds needs effect "NoExecute"/);
  assert.match(p, /kubernetes\.tolerations\[3\]\.key: expected a Kubernetes key .*got "-k"/);
  assert.match(p, /kubernetes\.ingress\.host: expected a host name .*got "10\.1\.2\.3": a host name, not an IP address/);
  assert.match(p, /kubernetes\.ingress\.className: expected a DNS subdomain name, got "Nginx_Class"/);
  assert.match(p, /kubernetes\.ingress\.tlsSecret: expected a DNS subdomain name, got "TLS"/);
  assert.match(p, /kubernetes\.ingress\.annotations\["bad\/key\/x"\]: invalid key: expected an annotation key/);
  assert.doesNotMatch(p, /nginx\.ingress\.kubernetes\.io\/ok/);
  assert.match(p, /kubernetes\.storage\.prometheus: expected a storage quantity .*got "500m"/);
  // A namespace leaves room for `<namespace>-node`.
  assert.match((await problemsOf({ kubernetes: { namespace: 'a'.repeat(59) } })).join('\n'), /at most 58 characters/);
  await accepted({ kubernetes: { namespace: '1obs', tolerations: [{ operator: 'Exists' }, { key: 'dedicated', value: 'obs', effect: 'NoExecute', tolerationSeconds: 60 }], ingress: { host: '*.example.com', className: 'nginx.internal', tlsSecret: 'tls.example' } } });
});

test('errors are capped: a million problems print 50 lines and a count', async () => {
  const huge = { prometheus: { externalLabels: Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`bad-${i}`, 'x'])) } };
  try {
    await resolveStack(huge, { checkQueries: false });
    assert.fail('expected a refusal');
  } catch (e) {
    const err = e as StackError;
    assert.equal(err.problems.length, 5000, 'all problems stay available to library callers');
    const lines = err.message.split('\n');
    assert.equal(lines.length, 1 + 50 + 1);
    assert.match(lines.at(-1)!, /\.\.\. and 4950 more \(5000 problems in all/);
  }
});
