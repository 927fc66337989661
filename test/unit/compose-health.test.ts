import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitHealthy } from '../../src/compose/health.js';
import { tempProject } from '../helpers.js';

/**
 * waitHealthy against a stand-in docker CLI (our own code isolated; the real engine runs in
 * test/e2e/compose.test.ts): it reports each service once as it turns healthy, and fails at
 * once, with the container's last log lines from stdout and stderr, when one exits.
 */
function fakeDocker(states: Record<string, { Status: string; ExitCode: number; Health?: { Status: string } }>): NodeJS.ProcessEnv {
  const dir = tempProject();
  const inspect = JSON.stringify(Object.entries(states).map(([service, State], i) => ({ Id: `id${i}`, Config: { Labels: { 'com.docker.compose.service': service } }, State })));
  writeFileSync(join(dir, 'inspect.json'), inspect);
  const script = join(dir, 'docker');
  writeFileSync(
    script,
    `#!/bin/sh
case "$1" in
  ps) ${Object.keys(states).map((_, i) => `echo id${i}`).join('; ')} ;;
  inspect) cat ${join(dir, 'inspect.json')} ;;
  logs) echo "level=info msg=starting"; echo "panic: boom" >&2 ;;
esac
`,
  );
  chmodSync(script, 0o755);
  return { ...process.env, GRAFANA_STACK_DOCKER: script };
}

test('waitHealthy reports every service once it is healthy', async () => {
  const env = fakeDocker({ loki: { Status: 'running', ExitCode: 0, Health: { Status: 'healthy' } }, grafana: { Status: 'running', ExitCode: 0, Health: { Status: 'healthy' } } });
  const seen: string[] = [];
  await waitHealthy('p', ['loki', 'grafana'], { timeoutMs: 5000, env, onHealthy: (s) => seen.push(s) });
  assert.deepEqual(seen.sort(), ['grafana', 'loki']);
});

test('waitHealthy fails at once when a container exits, with its last log lines', async () => {
  const env = fakeDocker({ loki: { Status: 'exited', ExitCode: 1 }, grafana: { Status: 'running', ExitCode: 0, Health: { Status: 'starting' } } });
  const started = Date.now();
  await assert.rejects(waitHealthy('p', ['loki', 'grafana'], { timeoutMs: 60_000, env, onHealthy: () => undefined }), /loki is exited \(exit code 1\); its last log lines:\nlevel=info msg=starting\npanic: boom/);
  assert.ok(Date.now() - started < 10_000, 'did not wait for the timeout');
});

test('waitHealthy names the services still starting when time runs out', async () => {
  const env = fakeDocker({ tempo: { Status: 'running', ExitCode: 0, Health: { Status: 'starting' } } });
  await assert.rejects(waitHealthy('p', ['tempo'], { timeoutMs: 600, env, onHealthy: () => undefined }), /not healthy after 1 s: tempo/);
});
