import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { missingComponents } from './requirements.js';
import { GrafanaClient, frameRows, frameText } from '../../src/verify/grafana-client.js';
import { isRunning, type ProcessId } from '../../src/run/proc.js';
import { nativeProject } from './native-project.js';

/**
 * A native stack with Alloy as the OTLP entry point and node-exporter: up, verify (the
 * direct checks and the ones through Alloy), node-exporter's host metrics read through
 * Grafana, the OTel SDK variables pointing at Alloy, down. Every port is in this test's
 * own range (22000-22999), so other stacks on the machine do not interfere.
 */
const CONFIG = `name: alloye2e
grafana: { port: 22000 }
prometheus: { port: 22090, scrapeInterval: 2s }
loki: { port: 22100, ports: { grpc: 22196, memberlist: 22947 } }
tempo: { port: 22200, ports: { grpc: 22195, otlp-grpc: 22317, otlp-http: 22318, memberlist: 22946 } }
alloy: { port: 22345, ports: { otlp-grpc: 22417, otlp-http: 22418 } }
node-exporter: { port: 22910 }
`;

const skip = (await missingComponents(['alloy', 'node-exporter'])) ?? false;

const { dir, run } = await nativeProject(CONFIG);

test('native stack with Alloy and node-exporter: up, verify through Alloy, host metrics through Grafana, down', { skip, timeout: 600_000 }, async (t) => {
  let pids: ProcessId[] = [];

  await t.test('up --detach starts all six services', () => {
    const r = run('up', '--detach');
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /stack "alloye2e" is up: 6 services ready/);
    assert.match(r.stdout, /alloy +http:\/\/127\.0\.0\.1:22345/);
    assert.match(r.stdout, /node-exporter +http:\/\/127\.0\.0\.1:22910/);
  });

  await t.test('verify passes, including a span, a log record and a metric sent through Alloy', () => {
    const r = run('verify');
    assert.equal(r.code, 0, r.stdout + r.stderr);
    for (const c of ['alloy-trace', 'alloy-log', 'alloy-metric', 'trace', 'log', 'metric']) assert.match(r.stdout, new RegExp(`✓ ${c} `));
    assert.match(r.stdout, /all 8 checks passed/);
    assert.match(r.stdout, /sent over OTLP\/HTTP to Alloy/);
  });

  await t.test("node-exporter's host metrics and Alloy's own metrics are scraped and read through Grafana", async () => {
    const password = readFileSync(join(dir, '.grafana-stack/secrets/grafana-admin-password'), 'utf8').trim();
    const grafana = new GrafanaClient('http://127.0.0.1:22000', 'admin', password);
    const read = async (expr: string) => {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const frames = await grafana.query('prometheus', { expr, instant: true, range: false }, Date.now() - 300_000, Date.now()).catch(() => []);
        if (frameRows(frames) > 0) return frameText(frames);
        await new Promise((r) => setTimeout(r, 1000));
      }
      throw new Error(`${expr}: nothing through Grafana within 60s`);
    };
    await read('node_uname_info{job="node-exporter"}');
    await read('node_memory_MemTotal_bytes{job="node-exporter"} > 0');
    await read('alloy_build_info{job="alloy"}');
  });

  await t.test('shell and env point the OpenTelemetry SDKs at Alloy for every signal', () => {
    const r = run('shell', '--', 'sh', '-c', 'echo "$OTEL_EXPORTER_OTLP_ENDPOINT|$OTEL_EXPORTER_OTLP_PROTOCOL|${OTEL_EXPORTER_OTLP_TRACES_ENDPOINT-unset}"');
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'http://127.0.0.1:22418|http/protobuf|unset');
    const env = run('env');
    const b = spawnSync('bash', ['--norc', '-c', `${env.stdout}\necho "$OTEL_EXPORTER_OTLP_ENDPOINT"`], { encoding: 'utf8' });
    assert.equal(b.stdout.trim(), 'http://127.0.0.1:22418');
  });

  await t.test('down stops every process', () => {
    const state = JSON.parse(readFileSync(join(dir, '.grafana-stack/run/state.json'), 'utf8')) as { supervisor: ProcessId; services: Record<string, { process?: ProcessId }> };
    pids = [state.supervisor, ...Object.values(state.services).map((x) => x.process!)];
    const down = run('down');
    assert.equal(down.code, 0, down.stderr);
    assert.deepEqual(pids.filter(isRunning), []);
  });
});
