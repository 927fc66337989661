import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { main } from '../../src/cli/main.js';
import { BIN } from '../helpers.js';
import { consumerParsers, type Doc, type IniSection } from '../tools/consumers.js';
import { toolBinary } from '../tools/binaries.js';
import { commandLine, environment, parseUnit, unSpecifier } from '../tools/systemd-unit.js';
import { HOSTILE_STRINGS, UNWRITABLE_STRINGS } from '../unit/hostile-strings.js';
import { toYaml } from '../../src/formats/yaml.js';
import { requiredSecrets, withoutChartExtras } from '../tools/helm-chart.js';

/**
 * Random definitions with hostile strings (full Unicode: newlines, NUL, U+2028, escapes,
 * lone surrogates, template and expansion syntax), every component and the `kubernetes`
 * block switched on at random, written as YAML or JSON definition files and rendered by the
 * CLI (`main`, the code bin/grafana-stack.js runs; every 100th case by bin/grafana-stack.js
 * itself in its own process), for a random target or all of them, with random --prefix,
 * --etc-dir and --namespace.
 * - Refused: exit 2, a clean message naming a path, no stack trace, no raw control
 *   character on the terminal, nothing written.
 * - Rendered: every output file (and every file inside a ConfigMap) read back by the
 *   consumer-side parsers (test/tools/parsers: yaml.v3 and yaml.v2, go-ini, encoding/json,
 *   Alloy's syntax parser) equal to what the writer meant (the `yaml` package's reading of
 *   it, JSON.parse), grafana.ini without an added section or an interpolated value, units
 *   without an added directive; the strings put at verbatim places come back intact.
 *
 * GS_PROPERTY_RUNS sets the number of cases (2000), GS_PROPERTY_SEED replays a failure.
 */
const RUNS = Number(process.env.GS_PROPERTY_RUNS ?? 2000);
const SEED = process.env.GS_PROPERTY_SEED ? Number(process.env.GS_PROPERTY_SEED) : Math.floor(Math.random() * 2 ** 31);

const parsers = await consumerParsers();
// A few rendered cases of every run also go through Helm and kubectl's own reader (when built).
const helm = await toolBinary('helm');
const kubectl = await toolBinary('kubectl');
const TOOL_CASES = 10;

const hostile: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS.filter((s) => s.length < 1000)) },
  { weight: 1, arbitrary: fc.constantFrom(...UNWRITABLE_STRINGS, HOSTILE_STRINGS.at(-1)!) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 16 }) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...HOSTILE_STRINGS.slice(0, 20)), fc.string({ unit: 'binary', maxLength: 6 })).map(([a, b]) => a + b) },
  { weight: 8, arbitrary: fc.stringMatching(/^[A-Za-z][A-Za-z0-9 _.-]{0,12}$/) },
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined, freq: 2 });
/** An optional component: on in about one case in three, so a case renders a few services, not all eleven. */
const sometimes = <T>(a: fc.Arbitrary<T>) => fc.oneof({ weight: 2, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: a });
const toggle = <T>(a: fc.Arbitrary<T>) => fc.oneof(fc.constant(false as const), fc.constant({}), a);
const path: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('/opt/gs', '/srv/my stack', '/x%n/$HOME', '/a b/c;d') },
  { weight: 1, arbitrary: fc.constantFrom('relative/dir', '/a/../b', '/trailing/') },
  { weight: 2, arbitrary: hostile.map((h) => `/p/${h}`) },
);

const definition = fc.record(
  {
    name: fc.oneof({ weight: 8, arbitrary: fc.constant('prop') }, { weight: 1, arbitrary: hostile }),
    grafana: toggle(fc.record({ adminUser: hostile, settings: fc.dictionary(fc.oneof(fc.constantFrom('server', 'zz', 'auth.anonymous'), hostile), fc.dictionary(hostile, hostile, { maxKeys: 2 }), { maxKeys: 2 }) }, { requiredKeys: [] })),
    prometheus: toggle(fc.record({ externalLabels: fc.dictionary(fc.constantFrom('team', 'env'), hostile, { maxKeys: 2 }), scrape: fc.constant([]).chain(() => fc.tuple(hostile).map(([l]) => [{ job: 'api', targets: ['127.0.0.1:8080'], labels: { owner: l } }])) }, { requiredKeys: [] })),
    loki: toggle(fc.record({ settings: fc.dictionary(fc.constantFrom('limits_config', 'ruler'), fc.dictionary(fc.constantFrom('note', 'x'), hostile, { maxKeys: 1 }), { maxKeys: 1 }) }, { requiredKeys: [] })),
    tempo: toggle(fc.constant({})),
    alertmanager: maybe(
      fc.record({
        receivers: fc.tuple(hostile, hostile, path).map(([title, text, file]) => [{ name: 'default', slack: [{ apiUrl: { file }, title, text }], webhook: [{ urlSecret: { file } }] }]),
      }),
    ),
    mimir: sometimes(fc.constant({})),
    pyroscope: sometimes(fc.constant({})),
    alloy: sometimes(fc.constant({})),
    proxy: sometimes(fc.constant({})),
    'node-exporter': sometimes(fc.constant({})),
    'kube-state-metrics': sometimes(fc.constant({})),
    rules: maybe(fc.tuple(hostile, hostile, hostile, fc.boolean()).map(([name, summary, team, two]) => [{ name, rules: [{ alert: 'A', expr: 'up == 0', labels: { team }, annotations: { summary } }] }, ...(two ? [{ name: name.toUpperCase(), rules: [{ record: 'r', expr: 'up' }] }] : [])])),
    dashboards: maybe(fc.tuple(hostile, hostile, hostile).map(([folder, title, text]) => [{ folder, dashboard: { uid: 'prop-d1', title, panels: [{ type: 'text', title: text, options: { content: text } }] } }])),
    datasources: maybe(hostile.map((note) => [{ uid: 'extra', name: 'Extra', type: 'prometheus', url: 'http://127.0.0.1:9999', jsonData: { note } }])),
    kubernetes: maybe(fc.record({ nodeSelector: fc.dictionary(fc.constantFrom('pool', 'zone'), hostile, { maxKeys: 1 }), ingress: fc.record({ host: fc.constant('grafana.example.com'), annotations: fc.dictionary(fc.constantFrom('example.com/x'), hostile, { maxKeys: 1 }) }) }, { requiredKeys: [] })),
  },
  { requiredKeys: ['name'] },
);

const invocation = fc.record({
  config: definition,
  format: fc.constantFrom('yaml', 'json'),
  target: fc.constantFrom('native', 'systemd', 'compose', 'kubernetes', 'helm', 'all'),
  prefix: maybe(path),
  etcDir: maybe(path),
  namespace: maybe(fc.oneof(fc.constant('prop-ns'), hostile)),
});

type Case = typeof invocation extends fc.Arbitrary<infer T> ? T : never;

/** Strings of the definition written verbatim into some output (a rule annotation, a title, a label). */
function probes(c: Case): string[] {
  const out: string[] = [];
  const cfg = c.config as Record<string, any>;
  if (cfg.rules && cfg.prometheus !== false) out.push(cfg.rules[0].rules[0].annotations.summary, cfg.rules[0].rules[0].labels.team);
  if (cfg.dashboards && cfg.grafana !== false) out.push(cfg.dashboards[0].dashboard.title);
  if (cfg.alertmanager) out.push(cfg.alertmanager.receivers[0].slack[0].title);
  if (cfg.prometheus && cfg.prometheus.externalLabels) out.push(...Object.values(cfg.prometheus.externalLabels as Record<string, string>));
  // An empty title or text is left out of alertmanager.yml (Alertmanager's default then applies).
  return out.filter((s) => s !== '');
}

test(`${RUNS} random hostile definitions through the CLI: rendered files read back intact by their consumers, or refused cleanly (seed ${SEED})`, { timeout: 900_000 }, async (t) => {
  if ('missing' in parsers) t.diagnostic(`consumer parsers missing (${parsers.missing}): outputs are read back by the yaml package only`);
  const root = mkdtempSync(join(tmpdir(), 'gs-prop-'));
  const stats = { rendered: 0, refused: 0, docs: 0, subprocess: 0, helm: 0, kustomize: 0 };
  const pending: { doc: Doc; expect: unknown; where: string; check?: (v: unknown) => void }[] = [];
  let n = 0;
  const timing = { cli: 0, read: 0, parse: 0 };
  const flush = () => {
    if ('missing' in parsers || !pending.length) return;
    const t0 = performance.now();
    const results = parsers.parse(pending.map((p) => p.doc));
    timing.parse += performance.now() - t0;
    results.forEach((r, i) => {
      const p = pending[i]!;
      assert.equal(r.error, undefined, `${p.where}: the consumer's parser refused what was written: ${r.error}`);
      if (p.expect !== undefined) assert.deepEqual(r.value, p.expect, `${p.where}: the consumer reads other data than the writer meant`);
      p.check?.(r.value);
    });
    stats.docs += pending.length;
    pending.length = 0;
  };
  try {
    await fc.assert(
      fc.asyncProperty(invocation, async (c) => {
        const dir = join(root, `c${n++}`);
        mkdirSync(dir);
        const file = `grafana-stack.config.${c.format}`;
        try {
          writeFileSync(join(dir, file), c.format === 'json' ? JSON.stringify(c.config) : yamlDefinition(c.config));
        } catch {
          return; // a lone surrogate cannot be written into a UTF-8 definition file at all
        }
        const args = ['render', c.target, '--out', 'out', ...(c.prefix ? ['--prefix', c.prefix] : []), ...(c.etcDir ? ['--etc-dir', c.etcDir] : []), ...(c.namespace ? ['--namespace', c.namespace] : [])];
        const env = { ...process.env, HOME: dir, GRAFANA_STACK_SECRETS_DIR: '' };
        let code: number;
        let stderr = '';
        const t0 = performance.now();
        // A process argument cannot hold NUL: such a case stays in-process.
        if (n % 100 === 0 && !args.some((a) => a.includes('\u0000'))) {
          const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
          code = r.status ?? -1;
          stderr = r.stderr;
          stats.subprocess++;
        } else {
          code = await main(args, { cwd: dir, env, stdout: () => {}, stderr: (s) => void (stderr += s) });
        }
        timing.cli += performance.now() - t0;
        const out = join(dir, 'out');
        if (code !== 0) {
          stats.refused++;
          assert.equal(code, 2, `exit 2 for a refused definition, got ${code}: ${stderr}`);
          assert.match(stderr, /^grafana-stack render: /, stderr);
          assert.doesNotMatch(stderr, /\n\s+at .*\(.*:\d+:\d+\)/, `no stack trace: ${stderr}`);
          assert.doesNotMatch(stderr, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202e]/, 'no raw control character reaches the terminal');
          assert.match(stderr, /\n {2}\S[^\n]*: |--prefix|--etc-dir|--namespace|namespace|secret|ConfigMap/, `the message names where: ${stderr}`);
          assert.ok(!existsSync(out), 'nothing written');
          if (process.env.GS_PROPERTY_DEBUG) console.error(stderr.split('\n').slice(0, 3).join(' | '));
          assert.deepEqual(readdirSync(dir).filter((f) => f.startsWith('.out')), [], 'no temporary directory left');
          return;
        }
        stats.rendered++;
        const leaves = new Set<string>();
        const t1 = performance.now();
        for (const f of files(out)) checkFile(f, relative(out, f), pending, leaves);
        timing.read += performance.now() - t1;
        // A chart's templates are read by Helm, not here (test/validators/helm.test.ts runs helm template).
        const expected = c.target === 'helm' ? [] : probes(c);
        // Probes are checked in the YAML package's reading (what the writer meant); the consumers then agree with it.
        for (const p of expected) assert.ok(leaves.has(p), `${JSON.stringify(p)} comes back intact in some output of ${c.target}`);
        if (c.target === 'all') {
          if (helm && stats.helm < TOOL_CASES) (stats.helm++, helmAgrees(helm, out, dir));
          if (kubectl && stats.kustomize < TOOL_CASES) (stats.kustomize++, kustomizeAgrees(kubectl, join(out, 'kubernetes')));
        }
        rmSync(dir, { recursive: true, force: true });
        if (!('missing' in parsers) && pending.length > 3000) flush();
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    flush();
  } catch (e) {
    const cause = (e as Error).cause as Error | undefined;
    throw new Error(`property failed; replay with GS_PROPERTY_SEED=${SEED} GS_PROPERTY_RUNS=${RUNS}\n${(e as Error).message}\n${cause?.message ?? ''}`);
  }
  t.diagnostic(`rendered ${stats.rendered}, refused ${stats.refused}, ${stats.docs} documents read back by the consumer parsers, ${stats.subprocess} cases through bin/grafana-stack.js, ${stats.helm} charts through helm template, ${stats.kustomize} manifest sets through kubectl kustomize${helm ? '' : ' (helm not built)'}${kubectl ? '' : ' (kubectl not built)'}; ${(timing.cli / 1000).toFixed(1)} s in the CLI, ${(timing.read / 1000).toFixed(1)} s reading outputs, ${(timing.parse / 1000).toFixed(1)} s in the Go parsers`);
  assert.ok(stats.rendered > RUNS / 10 && stats.refused > RUNS / 10, `both outcomes exercised (rendered ${stats.rendered}, refused ${stats.refused})`);
  rmSync(root, { recursive: true, force: true });
});

type Obj = { kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> } };
const objects = (text: string) =>
  parseAllDocuments(text)
    .map((d) => d.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null && o.kind !== 'Kustomization')
    .sort((a, b) => objectId(a).localeCompare(objectId(b)));
const objectId = (o: Obj) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
const manifests = (dir: string) => objects(readdirSync(dir).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml').map((f) => readFileSync(join(dir, f), 'utf8')).join('\n---\n'));

/** `helm template` of the chart (default values) gives the objects `render kubernetes` wrote. */
function helmAgrees(bin: string, out: string, home: string): void {
  const chart = parseAllDocuments(readFileSync(join(out, 'helm/Chart.yaml'), 'utf8'))[0]!.toJS() as { annotations: Record<string, string> };
  const env = { ...process.env, HOME: home, HELM_CACHE_HOME: join(home, 'hc'), HELM_CONFIG_HOME: join(home, 'hf'), HELM_DATA_HOME: join(home, 'hd') };
  const r = spawnSync(bin, ['template', 'prop', join(out, 'helm'), '--namespace', chart.annotations['grafana-stack/namespace']!, ...requiredSecrets(join(out, 'helm'))], { encoding: 'utf8', env });
  assert.equal(r.status, 0, `helm template: ${r.stderr}`);
  assert.deepEqual(withoutChartExtras(objects(r.stdout)), manifests(join(out, 'kubernetes')), 'helm template gives the objects of render kubernetes (and the Secrets they read)');
}

/** kubectl's own reader (kustomize, offline: kyaml converts each object to JSON and back) gives the same objects. */
function kustomizeAgrees(bin: string, dir: string): void {
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  writeFileSync(join(dir, 'kustomization.yaml'), toYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: files }));
  const r = spawnSync(bin, ['kustomize', dir], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: '/dev/null' } });
  assert.equal(r.status, 0, `kubectl kustomize: ${r.stderr}`);
  assert.deepEqual(objects(r.stdout), manifests(dir), 'kubectl reads the objects render kubernetes wrote');
}

/** The definition as a YAML file, by the project's YAML writer (it refuses a lone surrogate, which no file can hold). */
function yamlDefinition(config: unknown): string {
  return toYaml(config);
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

const UNIT_KEYS = new Set(['Description', 'Documentation', 'Wants', 'After', 'Requires', 'PartOf', 'WantedBy', 'Type', 'ExecStart', 'Environment', 'WorkingDirectory', 'StateDirectory', 'StateDirectoryMode', 'LoadCredential', 'Restart', 'RestartSec', 'TimeoutStopSec', 'LimitNOFILE', 'MemoryMax', 'CPUQuota', 'RemainAfterExit', 'UMask', 'PrivateNetwork', 'DynamicUser', 'NoNewPrivileges', 'CapabilityBoundingSet', 'AmbientCapabilities', 'PrivateTmp', 'PrivateDevices', 'PrivateUsers', 'DevicePolicy', 'PrivateMounts', 'ProtectSystem', 'ProtectHome', 'ProtectKernelTunables', 'ProtectKernelModules', 'ProtectKernelLogs', 'ProtectControlGroups', 'ProtectClock', 'ProtectHostname', 'ProtectProc', 'ProcSubset', 'RestrictAddressFamilies', 'RestrictNamespaces', 'RestrictRealtime', 'RestrictSUIDSGID', 'LockPersonality', 'MemoryDenyWriteExecute', 'SystemCallArchitectures', 'SystemCallFilter']);

type Pending = { doc: Doc; expect: unknown; where: string; check?: (v: unknown) => void }[];

/** Reads one output file as its consumer does (queued for the batch of Go parsers) and as its writer meant it. */
function checkFile(file: string, rel: string, pending: Pending, leaves: Set<string>): void {
  const text = readFileSync(file, 'utf8');
  const name = rel.split('/').at(-1)!;
  if (rel.includes('templates/') && rel.endsWith('.yaml')) return checkTemplate(text, rel);
  if (name.endsWith('.service') || name.endsWith('.target')) return checkUnit(text, rel);
  content(name, text, rel, pending, leaves);
  // Manifests carry each service's files in ConfigMaps: read those too, as their service does.
  if (/\.ya?ml$/.test(name)) {
    for (const d of parseAllDocuments(text)) {
      const o = d.toJS() as { kind?: string; data?: Record<string, string> } | null;
      if (o?.kind !== 'ConfigMap' || !o.data) continue;
      for (const [key, value] of Object.entries(o.data)) content(key.replace(/_x([0-9a-f]+)_/g, (_m, h: string) => String.fromCodePoint(parseInt(h, 16))), value, `${rel} › ${key}`, pending, leaves);
    }
  }
}

function content(name: string, text: string, where: string, pending: Pending, leaves: Set<string>): void {
  if (/\.ya?ml$/.test(name)) {
    const docs = parseAllDocuments(text).map((d) => {
      assert.equal(d.errors.length, 0, `${where}: ${d.errors[0]?.message}`);
      return d.toJS({ maxAliasCount: -1 }) as unknown;
    });
    // Grafana's provisioning files are read with every $$ as $ (pkg/services/provisioning/values).
    const meant = /provisioning/.test(where) ? mapStrings(docs, (s) => unDouble(s, where)) : /compose\.yaml$/.test(where) ? mapStrings(docs, (s) => unDoubleCompose(s, where)) : docs;
    collect(meant, leaves);
    pending.push({ doc: { kind: 'yaml', text }, expect: JSON.parse(JSON.stringify(docs)), where });
  } else if (name.endsWith('.json')) {
    const data = JSON.parse(text) as unknown;
    collect(data, leaves);
    pending.push({ doc: { kind: 'json', text }, expect: data, where });
  } else if (name.endsWith('.ini')) {
    pending.push({
      doc: { kind: 'ini', text },
      expect: undefined,
      where,
      check: (v) => {
        for (const s of v as IniSection[]) {
          assert.match(s.name, /^(DEFAULT|[A-Za-z0-9_][A-Za-z0-9_.-]*)$/, `${where}: section [${s.name}] comes from a value`);
          for (const k of s.keys) {
            assert.match(k.name, /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, `${where}: key ${k.name}`);
            if (k.name !== 'root_url') assert.equal(k.string, k.value, `${where}: ${s.name}.${k.name} is interpolated by go-ini`);
            if (!/^\$__file\{[^{}]+\}$/.test(k.value)) assert.doesNotMatch(k.value, /\$(|__\w+)\{[^}]+\}/, `${where}: ${s.name}.${k.name} is expanded by Grafana`);
          }
        }
      },
    });
  } else if (name.endsWith('.alloy')) {
    pending.push({ doc: { kind: 'alloy', text }, expect: undefined, where });
  }
}

function checkUnit(text: string, where: string): void {
  for (const e of parseUnit(text)) {
    assert.ok(UNIT_KEYS.has(e.key), `${where}: directive ${e.key}= that grafana-stack does not write`);
    if (e.key === 'ExecStart') commandLine(e.value);
    if (e.key === 'Environment') environment(e.value);
    if (e.key === 'LoadCredential') {
      const source = unSpecifier(e.value.slice(e.value.indexOf(':') + 1));
      assert.match(source, /^\/[^\u0000-\u001f]*$/, `${where}: credential source ${source}`);
      assert.doesNotMatch(source, /(^|\/)\.\.?(\/|$)|\/\//, `${where}: credential source ${source} is not normalised`);
    }
  }
}

/** A chart template: every `{{` opens one of the chart's own actions or prints `{{` back. */
function checkTemplate(text: string, where: string): void {
  const actions = text.match(/\{\{.*?\}\}/gs) ?? [];
  for (const a of actions) {
    assert.match(a, /^\{\{-? (?:"\{\{" \}\}$|if |end \}\}$|toYaml |\.Values\.|\(index \.Values[ .]|printf "%s:%s%?s" |required "|fail \(printf "|fail "|else( |\})|\(index \$old "|randAlphaNum \d+ |\$(?:ns|old) := )/, `${where}: template action ${a} comes from data`);
  }
}

function mapStrings(v: unknown, f: (s: string) => string): unknown {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) return v.map((x) => mapStrings(x, f));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapStrings(x, f)]));
  return v;
}

function unDouble(s: string, where: string): string {
  const parts = s.split('$$');
  assert.ok(parts.every((p) => !p.includes('$')), `${where}: a lone $ in ${JSON.stringify(s)} is expanded by Grafana`);
  return parts.join('$');
}

function unDoubleCompose(s: string, where: string): string {
  const meant = s.replace(/\$\{GRAFANA_STACK_[A-Z_]+(:[-?][^}]*)?\}/g, '');
  assert.ok(meant.split('$$').every((p) => !p.includes('$')), `${where}: a lone $ in ${JSON.stringify(s)} is interpolated by Compose`);
  return s.replaceAll('$$', '$');
}

function collect(v: unknown, leaves: Set<string>): void {
  if (typeof v === 'string') leaves.add(v);
  else if (Array.isArray(v)) v.forEach((x) => collect(x, leaves));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (leaves.add(k), collect(x, leaves));
}

