import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { toYaml } from '../../src/formats/yaml.js';
import { toJson } from '../../src/formats/json.js';
import { ini, toIni } from '../../src/formats/ini.js';
import { alloy, toAlloy } from '../../src/formats/alloy.js';
import { toComposeYaml, composeVariable } from '../../src/formats/compose.js';
import { escapeDollars } from '../../src/formats/provisioning.js';
import { exportLines } from '../../src/shell/environment.js';
import { templateYaml, scalar } from '../../src/targets/helm/template.js';
import { environmentWord, quoteArg, quoteExecutable, renderUnit, unitValue } from '../../src/targets/systemd/unit.js';
import { isStackError } from '../../src/core/errors.js';
import { consumerParsers, type IniSection } from '../tools/consumers.js';
import { commandLine, environment, parseUnit, unSpecifier } from '../tools/systemd-unit.js';
import { findBinary } from '../../src/validators/find-binary.js';
import { tempProject } from '../helpers.js';
import { parse as parseYaml } from 'yaml';
import { HOSTILE_STRINGS, UNWRITABLE_STRINGS } from './hostile-strings.js';

/**
 * Every writer fed hostile strings (newlines, NUL, `%`, `$`, quotes, backslashes,
 * U+2028/2029, ANSI escapes, very long strings, ...), its output read back by the consumer's
 * own parser: each value comes back intact, or the writer refuses it with a clean error
 * naming where it was. No value may add structure.
 */
const parsers = await consumerParsers();
const noParsers = 'missing' in parsers ? `consumer parsers: ${parsers.missing}` : false;
const parse = (docs: Parameters<Extract<typeof parsers, { parse: unknown }>['parse']>[0]) => {
  if ('missing' in parsers) throw new Error(parsers.missing);
  return parsers.parse(docs);
};
const refused = (fn: () => unknown, re?: RegExp) => {
  try {
    fn();
  } catch (e) {
    assert.ok(isStackError(e), `a clean StackError, not ${(e as Error).stack}`);
    if (re) assert.match(e.message, re);
    // Printed to a terminal: no raw control or invisible character may reach it.
    assert.doesNotMatch(e.message, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202e]/);
    return;
  }
  assert.fail('expected a refusal');
};

test('YAML: every hostile string, as key and as value, reads back intact in yaml.v3 and yaml.v2', { skip: noParsers }, () => {
  const data = { nested: { list: [...HOSTILE_STRINGS] }, ...Object.fromEntries(HOSTILE_STRINGS.map((s, i) => [s, { i, s }])) };
  const [r] = parse([{ kind: 'yaml', text: toYaml(data, 'header with\nnewline\u2028and sep\u001b[31m') }]);
  assert.equal(r!.error, undefined, r!.error);
  assert.deepEqual((r!.value as unknown[])[0], data);
  for (const s of UNWRITABLE_STRINGS) refused(() => toYaml({ a: { b: s } }), /a\.b: .*lone UTF-16 surrogate/);
});

test('JSON: every hostile string reads back intact in encoding/json; lone surrogates are refused', { skip: noParsers }, () => {
  const data = { list: HOSTILE_STRINGS, ...Object.fromEntries(HOSTILE_STRINGS.map((s) => [s, s])) };
  const text = toJson(data);
  // Nothing a YAML 1.1 reader refuses or folds is left raw: the text survives being carried in YAML (a ConfigMap).
  assert.doesNotMatch(text, /[\u007f-\u009f\u2028\u2029\ufeff]/);
  const [r] = parse([{ kind: 'json', text }]);
  assert.deepEqual(r!.value, data);
  for (const s of UNWRITABLE_STRINGS) refused(() => toJson({ a: [s] }), /a\[0\]: .*lone UTF-16 surrogate/);
  refused(() => toJson({ n: Number.NaN }), /n: NaN has no JSON literal/);
});

test('INI (Grafana): values read back by go-ini as given, never interpolated; structure and expansions refused', { skip: noParsers }, () => {
  const writable: string[] = [];
  for (const s of [...HOSTILE_STRINGS, ...UNWRITABLE_STRINGS]) {
    try {
      toIni({ server: { v: s } });
      writable.push(s);
    } catch (e) {
      assert.ok(isStackError(e), String(e));
      assert.match(e.message, /server\.v: /);
      // Refused for a reason the value shows: a line break or control, a surrogate, or an expansion.
      assert.match(s, /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff\u202e\ud800-\udfff]|\$\{|\$__|%\(/, JSON.stringify(s));
    }
  }
  assert.ok(writable.length > 15, `most hostile strings are written (${writable.length})`);
  const content = { top: 'x', server: Object.fromEntries(writable.map((s, i) => [`k${i}`, s])), 'auth.anonymous': { enabled: false } };
  const [r] = parse([{ kind: 'ini', text: toIni(content, 'header\n[evil]\nx = 1\u2028') }]);
  assert.equal(r!.error, undefined, r!.error);
  const sections = r!.value as IniSection[];
  assert.deepEqual(sections.map((s) => s.name), ['DEFAULT', 'server', 'auth.anonymous'], 'no section added by a value or the header');
  const server = sections.find((s) => s.name === 'server')!;
  assert.deepEqual(server.keys.map((k) => k.name), writable.map((_, i) => `k${i}`));
  server.keys.forEach((k, i) => {
    assert.equal(k.value, writable[i], `k${i} as written`);
    assert.equal(k.string, writable[i], `k${i} as Grafana reads it (no %(key)s interpolation)`);
  });
  // The example: a settings key that would open [auth.anonymous].
  refused(() => toIni({ zz: { 'x\n[auth.anonymous]\nenabled = true': '1' } }), /zz\["x\\n\[auth\.anonymous\]\\nenabled = true"\]: key .* must be letters/);
  refused(() => toIni({ 'a]\n[b': { k: 1 } }), /section name/);
  refused(() => toIni({ a: { b: { k: 1 } }, 'a.b': { k: 2 } }), /writes section \[a\.b\] again/);
  refused(() => toIni({ s: { list: ['a,b'] } }), /Grafana splits lists/);
  // Expansions only where a component builds them, and even then one line without braces.
  const secret = toIni({ security: { admin_password: ini.file('/run/secrets/x y'), root_url: ini.interpolate('%(protocol)s://%(domain)s/') } });
  const [back] = parse([{ kind: 'ini', text: secret }]);
  const keys = (back!.value as IniSection[]).find((s) => s.name === 'security')!.keys;
  assert.deepEqual(keys.map((k) => k.value), ['$__file{/run/secrets/x y}', '%(protocol)s://%(domain)s/']);
  refused(() => toIni({ security: { admin_password: ini.file('/run/a}b') } }), /brace/);
  refused(() => toIni({ security: { admin_password: ini.file('/run/a\nb') } }), /control character/);
});

test('provisioning YAML: every $ doubled after references resolve, as Grafana un-doubles it', () => {
  for (const s of HOSTILE_STRINGS) {
    const escaped = escapeDollars({ url: s }) as { url: string };
    // Grafana (pkg/services/provisioning/values): split at $$, expand each part, join with $.
    const parts = escaped.url.split('$$');
    assert.ok(parts.every((p) => !p.includes('$')), JSON.stringify(s));
    assert.equal(parts.join('$'), s);
  }
});

test('Alloy: every hostile string reads back intact in Alloy\'s own parser (github.com/grafana/alloy/syntax)', { skip: noParsers }, () => {
  const file = alloy.file(
    alloy.block('loki.write', 'default', alloy.attr('external_labels', Object.fromEntries(HOSTILE_STRINGS.map((s, i) => [`k${i}`, s]))), alloy.attr('list', [...HOSTILE_STRINGS])),
    alloy.block('otelcol.exporter.loki', 'x', alloy.attr('forward_to', [alloy.expr('loki.write', 'default', 'receiver')])),
  );
  const [r] = parse([{ kind: 'alloy', text: toAlloy(file, 'header\nwith */ and \u2028') }]);
  assert.equal(r!.error, undefined, r!.error);
  assert.deepEqual(r!.value, JSON.parse(JSON.stringify(file)));
});

test('systemd: values stay in their directive, escapes read back as given, newlines and bad paths refused', () => {
  const writable = HOSTILE_STRINGS.filter((s) => !s.includes('\u0000'));
  const unit = renderUnit('header\nExecStartPre=/bin/evil \\', {
    Unit: [['Description', unitValue('desc 100% "q"')]],
    Service: [
      ['ExecStart', [quoteExecutable('/opt/my dir/$x%/bin'), ...writable.map(quoteArg)].join(' ')],
      ...writable.map((s, i) => ['Environment', environmentWord(`V${i}`, s)] as const),
    ],
  });
  const entries = parseUnit(unit);
  assert.deepEqual([...new Set(entries.map((e) => e.key))], ['Description', 'ExecStart', 'Environment'], 'no directive added');
  assert.equal(unSpecifier(entries[0]!.value), 'desc 100% "q"');
  // The executable takes no variables: its `$` is written and read as is.
  assert.deepEqual(commandLine(entries.find((e) => e.key === 'ExecStart')!.value), ['/opt/my dir/$x%/bin', ...writable]);
  const env = Object.assign({}, ...entries.filter((e) => e.key === 'Environment').map((e) => environment(e.value))) as Record<string, string>;
  assert.deepEqual(env, Object.fromEntries(writable.map((s, i) => [`V${i}`, s])));
  for (const bad of ['/run/hook\nExecStartPre=+/bin/sh -c "touch /etc/owned"', 'x\\', 'a\u0000b']) {
    refused(() => renderUnit('h', { Service: [['LoadCredential', `c:${bad}`]] }), /cannot write a systemd unit/);
  }
  refused(() => quoteArg('nul\u0000'), /NUL/);
  refused(() => quoteExecutable('/opt/"x"/bin'), /quote, backslash/);
  refused(() => environmentWord('BAD NAME', 'x'), /variable name/);
});

const systemdAnalyze = findBinary('systemd-analyze');
test('systemd: systemd-analyze verify reads the hostile unit without a warning, ExecStart at a hostile prefix', { skip: !systemdAnalyze && 'systemd-analyze not installed (scripts/install-deps.sh installs it)' }, () => {
  const dir = tempProject();
  // verify warns when ExecStart= does not name an executable: one stands at the exact path.
  const bin = join(dir, 'pre fix %H $HOME ; x', 'bin');
  mkdirSync(join(bin, '..'), { recursive: true });
  writeFileSync(bin, '#!/bin/sh\n');
  chmodSync(bin, 0o755);
  const writable = HOSTILE_STRINGS.filter((s) => !s.includes('\u0000'));
  const unit = renderUnit('hostile', {
    Unit: [['Description', unitValue(writable.join(' ').replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, 200))]],
    Service: [['ExecStart', [quoteExecutable(bin), ...writable.map(quoteArg)].join(' ')], ['Environment', environmentWord('X', writable.join('|'))], ['DynamicUser', 'yes']],
  });
  writeFileSync(join(dir, 'hostile.service'), unit);
  const r = spawnSync(systemdAnalyze!, ['verify', 'hostile.service'], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr.trim(), '', `systemd-analyze verify warned:\n${r.stderr}`);
});

for (const shell of ['sh', 'bash', 'fish'] as const) {
  const path = findBinary(shell);
  test(`shell: export lines give back every value in ${shell}; NUL refused`, { skip: !path && `${shell} not installed (scripts/install-deps.sh installs fish)` }, () => {
    const values = HOSTILE_STRINGS.filter((s) => !s.includes('\u0000'));
    const vars = values.map((v, i): [string, string] => [`GS_V${i}`, v]);
    const lines = exportLines(vars, undefined, shell === 'fish' ? 'fish' : 'sh').join('\n');
    const print = vars.map(([k]) => `printf '%s\\0' "$${k}"`).join('\n');
    const r = spawnSync(path!, ['-c', `${lines}\n${print}`], { encoding: 'utf8', env: { PATH: process.env.PATH, LC_ALL: 'C.UTF-8' } });
    assert.equal(r.status, 0, `${shell}: ${r.stderr}`);
    assert.deepEqual(r.stdout.split('\0').slice(0, -1), values, shell);
    refused(() => exportLines([['X', 'a\u0000b']], undefined, 'sh'), /NUL/);
    refused(() => exportLines([['BAD-NAME', 'x']], undefined, 'sh'), /variable named/);
  });
}

test('Compose: every $ escaped but the variables meant for Compose; docker-compose config gives the values back', { skip: !findBinary('docker-compose') && 'docker-compose not installed (scripts/install-deps.sh installs it)' }, () => {
  // `config` prints what it read through PyYAML's emitter, which folds U+2028/2029 into line
  // breaks and drops C1 and BOM: those strings are read back by the Go parsers above instead.
  const values = HOSTILE_STRINGS.filter((s) => !/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\ufeff\u2028\u2029]/.test(s) && s.length < 1000);
  const doc = {
    services: {
      s: {
        image: 'busybox',
        command: values,
        environment: Object.fromEntries(values.map((v, i) => [`V${i}`, v])),
        ports: [composeVariable('127.0.0.1:${GS_TEST_PORT:-3000}:3000')],
        labels: Object.fromEntries(values.map((v, i) => [`l${i}`, v])),
      },
    },
  };
  const dir = tempProject({ 'compose.yaml': toComposeYaml(doc, 'hostile') });
  // docker-compose 1.29 (PyYAML, YAML 1.1) interpolates, then prints the result with each $ escaped again.
  const r = spawnSync('docker-compose', ['-f', 'compose.yaml', '-p', 'gs-hostile', 'config'], { cwd: dir, encoding: 'utf8', env: { ...process.env, GS_TEST_PORT: '3999', HOME: '/nonexistent' } });
  assert.equal(r.status, 0, r.stderr);
  const unescape = (v: unknown): unknown => (typeof v === 'string' ? v.replaceAll('$$', '$') : Array.isArray(v) ? v.map(unescape) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unescape(x)])) : v);
  const s = unescape((parseYaml(r.stdout) as { services: Record<string, Record<string, any>> }).services.s!) as Record<string, any>;
  assert.deepEqual(s.command, values);
  assert.deepEqual(s.environment, Object.fromEntries(values.map((v, i) => [`V${i}`, v])));
  assert.deepEqual(s.labels, Object.fromEntries(values.map((v, i) => [`l${i}`, v])));
  assert.match(JSON.stringify(s.ports), /3999/, 'the port variable meant for Compose is interpolated');
});

test('Helm templates: data that looks like a template or a placeholder stays data', () => {
  const text = templateYaml({ a: '__tpl_0__', b: scalar('.Values.x'), c: '{{ .Values.evil }}', d: 'x__tplx_1__' });
  assert.match(text, /^a: __tpl_0__$/m);
  assert.match(text, /^b: \{\{ \.Values\.x \}\}$/m);
  assert.match(text, /^c: "\{\{ "\{\{" \}\} \.Values\.evil }}"$/m);
});

test('free-form data cannot hold the keys the writers read as instructions ($ref, $ini, $alloyExpr)', async () => {
  const { resolveStack } = await import('../../src/resolve/resolve.js');
  const cases: [unknown, RegExp][] = [
    [{ loki: { settings: { common: { path_prefix: { $ref: 'secretFile', secret: 'admin-password' } } } } }, /loki\.settings\.common\.path_prefix\.\$ref: \$ref is reserved/],
    [{ grafana: { settings: { security: { admin_password: { $ini: 'file', path: '/etc/shadow' } } } } }, /grafana\.settings\.security\.admin_password\.\$ini: \$ini is reserved/],
    [{ datasources: [{ uid: 'x', name: 'X', type: 'prometheus', url: 'http://x', jsonData: { a: [{ $alloyExpr: 'x' }] } }] }, /datasources\[0\]\.jsonData\.a\[0\]\.\$alloyExpr/],
    [{ dashboards: [{ uid: 'd', title: 'D', panels: [], links: [{ $ref: 'namespace' }] }] }, /dashboards\[0\]\.links\[0\]\.\$ref: \$ref is reserved/],
  ];
  for (const [config, re] of cases) {
    await assert.rejects(resolveStack(config), (e: unknown) => isStackError(e) && re.test(e.message), JSON.stringify(config));
  }
});

test('a query with terminal escapes is reported without them: the snippet reaches the terminal escaped', async () => {
  const { resolveStack } = await import('../../src/resolve/resolve.js');
  const expr = 'up{job="\u001b]0;pwned\u0007\u001b[2J"} +';
  await assert.rejects(resolveStack({ rules: [{ name: 'g', rules: [{ alert: 'A', expr }] }] }), (e: unknown) => {
    assert.ok(isStackError(e));
    assert.match(e.message, /PromQL syntax error/);
    assert.match(e.message, /\\u001b\]0;pwned\\u0007/);
    assert.doesNotMatch(e.message, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    return true;
  });
});

test('names that become keys or paths: ConfigMap keys, rule files, secret names, dashboard folders', async () => {
  const { configMapKeys } = await import('../../src/targets/plan-files.js');
  const keys = configMapKeys(['dashboards/My Team/api.json', 'dashboards/日本/x.json', 'prometheus.yml'], 'grafana config');
  assert.equal(keys.get('dashboards/My Team/api.json'), 'dashboards__My_x20_Team__api.json');
  assert.equal(keys.get('dashboards/日本/x.json'), 'dashboards___x65e5__x672c___x.json');
  assert.equal(keys.get('prometheus.yml'), 'prometheus.yml');
  for (const k of keys.values()) assert.match(k, /^[-._a-zA-Z0-9]{1,253}$/);
  refused(() => configMapKeys(['a/b', 'a__b'], 'svc config'), /svc config › a__b: makes the same ConfigMap key \(a__b\) as a\/b/);
  const { resolveStack } = await import('../../src/resolve/resolve.js');
  const { renderStack } = await import('../../src/render/render.js');
  const { buildStack } = await import('../../src/plan/build.js');
  const render = async (config: unknown) => (await renderStack(buildStack(await resolveStack(config)), 'kubernetes', { outDir: '/tmp/x', projectDir: '/tmp/x' }));
  // Two rule groups whose names make one file name, two receivers that make one secret name: refused naming
  // both (by the schema where it knows the naming, by the component that names the files in any case).
  await assert.rejects(render({ rules: [{ name: 'API rules', rules: [{ record: 'a', expr: 'up' }] }, { name: 'api-rules', rules: [{ record: 'b', expr: 'up' }] }] }), (e: unknown) => isStackError(e) && /rules\[1\]\.name: .*"api-rules".*rules\/api-rules\.yml/.test(e.message));
  await assert.rejects(
    render({ alertmanager: { route: { receiver: 'a b' }, receivers: [{ name: 'a b', webhook: [{ urlSecret: { env: 'A' } }] }, { name: 'a-b', webhook: [{ urlSecret: { env: 'B' } }] }] } }),
    (e: unknown) => isStackError(e) && /alertmanager\.receivers\[1\]\.name: "a-b" makes the same secret name \(receiver-a-b-webhook-0\) as receivers\[0\]\.name "a b"/.test(e.message),
  );
  for (const folder of ['..', '.', '.hidden', ' lead', 'a/b']) {
    await assert.rejects(resolveStack({ dashboards: [{ folder, dashboard: { uid: 'd', title: 'D', panels: [] } }] }), (e: unknown) => isStackError(e) && /dashboards\[0\]\.folder: expected a folder name/.test(e.message), folder);
  }
  // "My Team" is a fine folder: its ConfigMap key is encoded, its path kept.
  const files = await render({ dashboards: [{ folder: 'My Team', dashboard: { uid: 'd', title: 'D', panels: [] } }] });
  const grafana = files.find((f) => f.path === 'grafana.yaml')!.content;
  assert.match(grafana, /key: dashboards__My_x20_Team__d\.json\n\s+path: dashboards\/My Team\/d\.json/);
});
