import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempProject } from '../helpers.js';
import { componentBinary } from '../tools/binaries.js';
import { DEFAULT_VERSIONS } from '../../src/versions.js';

/**
 * The rendered configs do not only validate: the real binaries start with them and answer
 * their readiness endpoint. Ports are moved away from the defaults so a developer's own
 * stack on this machine does not interfere.
 */
const CONFIG = `name: ready
grafana: false
prometheus: { port: 19090 }
loki: { port: 13100, ports: { grpc: 19096, memberlist: 17947 } }
tempo: { port: 13200, ports: { grpc: 19095, otlp-grpc: 14317, otlp-http: 14318, memberlist: 17946 } }
`;

interface ServiceEntry {
  name: string;
  args: string[];
  cwd: string;
  health: { url: string; startupSeconds: number };
}

for (const name of ['prometheus', 'loki', 'tempo'] as const) {
  const bin = await componentBinary(name, DEFAULT_VERSIONS[name]);
  test(`${name} starts with the rendered config and becomes ready`, { skip: !bin && `${name} ${DEFAULT_VERSIONS[name]} binary not in the store or on PATH on this machine (npm run fetch:source builds it, minutes per component)`, timeout: 90_000 }, async () => {
    const dir = tempProject({ 'grafana-stack.config.yaml': CONFIG });
    const r = cli(['render', 'native', '--out', 'out'], { cwd: dir });
    assert.equal(r.code, 0, r.stderr);
    const manifest = JSON.parse(readFileSync(join(dir, 'out/services.json'), 'utf8')) as { services: ServiceEntry[] };
    const svc = manifest.services.find((s) => s.name === name)!;
    mkdirSync(svc.cwd, { recursive: true });
    const child = spawn(bin!, svc.args, { cwd: svc.cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    const started = Date.now();
    try {
      let status = 0;
      let body = '';
      while (Date.now() - started < 60_000 && child.exitCode === null) {
        try {
          const res = await fetch(svc.health.url);
          status = res.status;
          body = await res.text();
          if (status === 200) break;
        } catch {
          // not listening yet
        }
        await new Promise((res) => setTimeout(res, 250));
      }
      assert.equal(child.exitCode, null, `${name} exited early:\n${log}`);
      assert.equal(status, 200, `${name} not ready after 60s: ${body}\n${log}`);
      const seconds = (Date.now() - started) / 1000;
      process.stderr.write(`# ${name} ready in ${seconds.toFixed(1)}s\n`);
    } finally {
      child.kill('SIGTERM');
    }
  });
}
