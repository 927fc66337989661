import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missingTool, toolBinary } from '../tools/binaries.js';
import { freePort } from '../free-port.js';

/**
 * A real OCI registry on 127.0.0.1: the CNCF distribution registry, built from its pinned
 * module (`npm run fetch:tools -- registry`), with filesystem storage in a temporary
 * directory. With `auth`, it asks for a password (htpasswd, Basic), like a private
 * registry does.
 */
export interface LocalRegistry {
  /** `127.0.0.1:PORT`. */
  readonly host: string;
  readonly user?: string;
  readonly password?: string;
  /** A Docker config directory logged in to it (DOCKER_CONFIG). */
  readonly dockerConfig: string;
  stop(): void;
  logs(): string;
}

/** bcrypt of PASSWORD (cost 4), computed once: the registry reads htpasswd files in that form only. */
const USER = 'gs-test';
const PASSWORD = 'gs-test-password';
const HTPASSWD = `${USER}:$2a$04$V7jHmvExZGwkS9N088maxehFwc4gIoE7fiW/CSieSbWSDtSFmY/Ai\n`;

/** A running registry, or why there is none here. */
export async function startLocalRegistry(o: { auth?: boolean; port?: number } = {}): Promise<LocalRegistry | string> {
  const bin = await toolBinary('registry');
  if (!bin) return missingTool('registry');
  const dir = mkdtempSync(join(tmpdir(), 'gs-registry-'));
  const port = o.port ?? (await freePort());
  const host = `127.0.0.1:${port}`;
  if (o.auth) writeFileSync(join(dir, 'htpasswd'), HTPASSWD);
  writeFileSync(
    join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log: { level: warn, accesslog: { disabled: true } }',
      `storage: { filesystem: { rootdirectory: ${join(dir, 'data')} }, delete: { enabled: true } }`,
      `http: { addr: "${host}" }`,
      ...(o.auth ? [`auth: { htpasswd: { realm: grafana-stack-test, path: ${join(dir, 'htpasswd')} } }`] : []),
      '',
    ].join('\n'),
  );
  const dockerConfig = join(dir, 'docker');
  mkdirSync(dockerConfig);
  const auth = Buffer.from(`${USER}:${PASSWORD}`).toString('base64');
  writeFileSync(join(dockerConfig, 'config.json'), JSON.stringify({ auths: o.auth ? { [host]: { auth } } : {} }), { mode: 0o600 });
  const child: ChildProcess = spawn(bin, ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'pipe', 'pipe'] });
  // Kept in memory, not in the temporary directory: output the registry flushes after
  // stop() has removed that directory must have nowhere to fail.
  const chunks: Buffer[] = [];
  const log = (d: Buffer) => void chunks.push(d);
  child.stdout!.on('data', log);
  child.stderr!.on('data', log);
  const logs = () => Buffer.concat(chunks).toString('utf8');
  const stop = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    const status = await fetch(`http://${host}/v2/`).then((r) => r.status, () => 0);
    // 200 open, 401 asking for the password: either way it answers.
    if (status === 200 || status === 401) break;
    if (Date.now() > deadline || child.exitCode !== null) {
      const l = logs();
      stop();
      return `the registry did not answer on ${host} within 20 s:\n${l}`;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { host, ...(o.auth ? { user: USER, password: PASSWORD } : {}), dockerConfig, stop, logs };
}
