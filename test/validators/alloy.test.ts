import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempProject } from '../helpers.js';
import { componentBinary, componentMissing } from '../tools/binaries.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';
import { startUntilReady, type NativeService } from './native-service.js';
import { alloy as b, toAlloy } from '../../src/formats/alloy.js';
import { HOSTILE } from '../unit/alloy-hostile.js';
import { parseAllDocuments } from 'yaml';

/**
 * The rendered config.alloy through the real Alloy: `alloy validate` (parses, type-checks
 * every component and reference) on each combination of backends, `alloy fmt` agreeing
 * with our printer on hostile strings, and Alloy starting with the config and becoming
 * ready. Ports are in this test's own range (22xxx).
 */
const bin = await componentBinary('alloy', DEFAULT_VERSIONS.alloy);
const skip = !bin && componentMissing('alloy', DEFAULT_VERSIONS.alloy);

const STACKS: Record<string, string> = {
  all: 'alloy: {}',
  'no tempo': 'alloy: {}\ntempo: false',
  'logs only': 'alloy: {}\ntempo: false\nprometheus: false\ngrafana: false',
  'no backend': 'alloy: {}\ntempo: false\nprometheus: false\nloki: false\ngrafana: false',
};

const rendered = (body: string, target = 'native') => {
  const dir = tempProject({ 'grafana-stack.config.yaml': `name: alloyv\n${body}\nalloy: { port: 22645, ports: { otlp-grpc: 22617, otlp-http: 22618 } }\n`.replace(/^alloy: \{\}\n/m, '') });
  const r = cli(['render', target, '--out', 'out'], { cwd: dir });
  assert.equal(r.code, 0, r.stderr);
  return dir;
};

for (const [name, body] of Object.entries(STACKS)) {
  for (const target of ['native', 'compose', 'kubernetes'] as const) {
    test(`alloy validate accepts the rendered config.alloy (${name}, ${target})`, { skip }, () => {
      const dir = rendered(body, target);
      const file = join(dir, 'out', target === 'kubernetes' ? 'alloy-config.alloy' : 'alloy/config.alloy');
      if (target === 'kubernetes') {
        // The ConfigMap's key holds the file.
        const cm = parseAllDocuments(readFileSync(join(dir, 'out/alloy.yaml'), 'utf8')).map((d) => d.toJS()).find((o: any) => o?.kind === 'ConfigMap');
        writeFileSync(file, cm.data['config.alloy']);
      }
      const r = spawnSync(bin!, ['validate', file], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr + r.stdout);
      const fmt = spawnSync(bin!, ['fmt', file], { encoding: 'utf8' });
      assert.equal(fmt.stdout, readFileSync(file, 'utf8'), 'alloy fmt leaves our output unchanged');
    });
  }
}

test('alloy validate rejects a broken reference (the validator is really consulted)', { skip }, () => {
  const dir = rendered(STACKS.all!);
  const file = join(dir, 'out/alloy/config.alloy');
  writeFileSync(file, readFileSync(file, 'utf8').replace('loki.write.default.receiver', 'loki.write.nosuch.receiver'));
  const r = spawnSync(bin!, ['validate', file], { encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /loki\.write\.nosuch\.receiver" does not exist/);
});

test('hostile strings survive Alloy: alloy fmt reprints them identically and alloy validate accepts them', { skip }, () => {
  const dir = tempProject();
  const labels = Object.fromEntries(HOSTILE.map((s, i) => [`l${i}`, s]));
  const text = toAlloy(
    b.file(b.block('loki.write', 'hostile', b.block('endpoint', undefined, b.attr('url', 'http://127.0.0.1:22999/loki/api/v1/push?q="x"&y=\\')), b.attr('external_labels', labels))),
  );
  const file = join(dir, 'hostile.alloy');
  writeFileSync(file, text);
  const fmt = spawnSync(bin!, ['fmt', file], { encoding: 'utf8' });
  assert.equal(fmt.status, 0, fmt.stderr);
  assert.equal(fmt.stdout, text);
  const v = spawnSync(bin!, ['validate', file], { encoding: 'utf8' });
  assert.equal(v.status, 0, v.stderr);
});

for (const stack of ['all', 'no backend'] as const) {
test(`alloy starts with the rendered config, answers /-/ready and accepts every signal (${stack})`, { skip, timeout: 90_000 }, async () => {
  const dir = rendered(STACKS[stack]!);
  const manifest = JSON.parse(readFileSync(join(dir, 'out/services.json'), 'utf8')) as { services: NativeService[] };
  const svc = manifest.services.find((s) => s.name === 'alloy')!;
  mkdirSync(svc.cwd, { recursive: true });
  const seconds = await startUntilReady(bin!, svc, 60_000, async () => {
    // Its OTLP/HTTP receiver takes every signal on the rendered port, also those with no backend (dropped).
    for (const signal of ['traces', 'logs', 'metrics']) {
      const otlp = await fetch(`http://127.0.0.1:22618/v1/${signal}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      assert.equal(otlp.status, 200, signal);
    }
  });
  process.stderr.write(`# alloy ready in ${seconds.toFixed(1)}s\n`);
});
}
