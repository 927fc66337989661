import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tempProject } from '../helpers.js';

/** One service of a rendered native stack, as the supervisor would start it. */
export interface NativeService {
  name: string;
  args: string[];
  cwd: string;
  health: { url: string; startupSeconds: number };
}

/** Renders a definition for the native target and returns one service's manifest entry. */
export function renderNativeService(config: string, name: string, env: NodeJS.ProcessEnv = {}): NativeService {
  const dir = tempProject({ 'grafana-stack.config.yaml': config });
  const r = cli(['render', 'native', '--out', 'out'], { cwd: dir, env });
  assert.equal(r.code, 0, r.stderr);
  const manifest = JSON.parse(readFileSync(join(dir, 'out/services.json'), 'utf8')) as { services: NativeService[] };
  const svc = manifest.services.find((s) => s.name === name);
  assert.ok(svc, `no service ${name} in the rendered manifest`);
  mkdirSync(svc.cwd, { recursive: true });
  return svc;
}

/** `<bin> -modules <args>`: dskit servers (Mimir, Pyroscope) parse, validate and list their modules, then exit. */
export function listModules(bin: string, svc: NativeService, env: NodeJS.ProcessEnv = {}): { code: number; out: string } {
  const r = spawnSync(bin, ['-modules', ...svc.args], { cwd: svc.cwd, encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...env } });
  return { code: r.status ?? -1, out: `${r.stdout}${r.stderr}` };
}

/**
 * Starts the service with its rendered arguments and waits for its health URL to answer
 * 200; runs `whileReady` against the running service, then stops it. Returns the seconds
 * it took to become ready.
 */
export async function startUntilReady(bin: string, svc: NativeService, limitMs = 60_000, whileReady?: () => Promise<void>): Promise<number> {
  const child = spawn(bin, svc.args, { cwd: svc.cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
  const started = Date.now();
  try {
    let status = 0;
    let body = '';
    while (Date.now() - started < limitMs && child.exitCode === null) {
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
    assert.equal(child.exitCode, null, `${svc.name} exited early:\n${log}`);
    assert.equal(status, 200, `${svc.name} not ready after ${limitMs / 1000}s: ${body}\n${log}`);
    const seconds = (Date.now() - started) / 1000;
    await whileReady?.();
    return seconds;
  } finally {
    child.kill('SIGTERM');
    await new Promise((res) => (child.exitCode === null ? child.once('exit', res) : res(undefined)));
  }
}
