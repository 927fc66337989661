import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPONENT_LIST } from '../../src/components/registry.js';
import { TOOL_PINS } from '../tools/pins.js';
import { BUILT_COMPONENTS, componentBuild } from '../tools/components.js';
import { ROOT } from '../helpers.js';

/**
 * The licence rule, as tests: this project never downloads, builds, vendors or depends on
 * the Go modules of AGPL-licensed software (Grafana, Loki, Tempo, Mimir, Pyroscope, and
 * Alloy, whose module requires Loki's). No component, lock entry, script, CI step, test or
 * Go module file of this repository may name one as something to fetch or build.
 * (github.com/grafana/alloy/syntax is its own Apache-2.0 module and may be used.)
 */
const AGPL_COMPONENTS = ['grafana', 'loki', 'tempo', 'mimir', 'pyroscope', 'alloy'];
const MODULE = String.raw`github\.com/grafana/(?:grafana|loki|tempo|mimir|pyroscope|alloy)(?:/v\d+)?`;
/** A module path as Go tooling names it: followed by a version, `@`, or the end of a go.mod line. */
const AGPL_MODULE = new RegExp(String.raw`(?<![\w./-])${MODULE}(?=@|\s+v\d|\s*$|['"\x60])`, 'm');
const SELF = 'test/unit/licence-guard.test.ts';

test('no AGPL component has a source build: users get official archives or bring their own binary', () => {
  for (const def of COMPONENT_LIST.filter((d) => AGPL_COMPONENTS.includes(d.name))) {
    assert.ok(def.artifact, def.name);
    assert.equal(def.artifact.source, undefined, `${def.name} must never be built from its Go module`);
    assert.match(def.artifact.licence, /AGPL/, `${def.name}'s licence names the AGPL it is (or requires)`);
  }
});

test('the modules the tests build are all permissively licensed', () => {
  const modules = [
    ...Object.values(TOOL_PINS).flatMap((p) => ('build' in p ? [p.build.module] : [])),
    ...BUILT_COMPONENTS.map((c) => componentBuild(c).build.module),
  ];
  for (const m of modules) assert.doesNotMatch(`${m}@`, AGPL_MODULE, m);
  assert.ok(modules.includes('github.com/prometheus/prometheus'), 'the list is the real one');
});

test('no file of the repository pins, requires or fetches an AGPL module', () => {
  const files = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter((f) => f && f !== SELF && !f.endsWith('.png'));
  const hits: string[] = [];
  for (const f of files) {
    let text: string;
    try {
      text = readFileSync(join(ROOT, f), 'utf8');
    } catch {
      continue;
    }
    text.split('\n').forEach((line, i) => {
      // A line that lists them to refuse them (GONOPROXY in .ci/run) says so.
      if (line.includes('# deny-list')) return;
      // Release download URLs (github.com/grafana/loki/releases/...) are how users get them: fine.
      const stripped = line.replace(new RegExp(String.raw`https://${MODULE}/(releases|blob|tree|issues|pull)\S*`, 'g'), '');
      if (AGPL_MODULE.test(stripped) && !/github\.com\/grafana\/alloy\/syntax/.test(stripped.match(AGPL_MODULE)?.[0] ?? '')) hits.push(`${f}:${i + 1}: ${line.trim().slice(0, 160)}`);
    });
  }
  assert.deepEqual(hits, []);
});

test('the guard catches what it is for', () => {
  // Put together here, so that no line of this repository is itself a pin the guards would report.
  const g = 'github.com/grafana/';
  for (const bad of [`go mod download ${g}loki/v3@v3.7.8`, `"module": "${g}tempo"`, `module: '${g}mimir',`, `\t${g}alloy v1.19.0`, `${g}grafana v1.9.2-0.20230609164553-81d85ce8028d // indirect`]) {
    assert.match(bad, AGPL_MODULE, bad);
  }
  for (const fine of ['https://github.com/grafana/loki/releases/download/v3.7.8/loki-linux-amd64.zip', 'github.com/grafana/alloy/syntax v0.1.2', 'github.com/grafana/regexp v0.0.0', 'github.com/grafana/pyroscope-go/godeltaprof v0.1.9']) {
    const stripped = fine.replace(new RegExp(String.raw`https://${MODULE}/(releases|blob|tree|issues|pull)\S*`, 'g'), '');
    assert.doesNotMatch(stripped.replace('github.com/grafana/alloy/syntax', ''), AGPL_MODULE, fine);
  }
});

test('CI checks the Go module cache holds no AGPL module after its run', () => {
  const ci = readFileSync(join(ROOT, '.ci/run'), 'utf8');
  assert.match(ci, /go env GOMODCACHE/);
  assert.match(ci, /AGPL/);
});
