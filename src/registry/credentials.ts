import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { StackError } from '../core/errors.js';

/** What a registry is logged in with: a user and password (or token), or an OAuth refresh token. */
export type Credentials = { readonly username: string; readonly password: string } | { readonly identityToken: string };

interface AuthFile {
  auths?: Record<string, { auth?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

/**
 * The credentials `docker login` or `podman login` left for a registry, found where those
 * tools keep them: podman's auth.json (`REGISTRY_AUTH_FILE`, else
 * `$XDG_RUNTIME_DIR/containers/auth.json`), then Docker's config.json (`DOCKER_CONFIG`,
 * else `~/.docker/config.json`), whose `credHelpers` and `credsStore` name a
 * `docker-credential-<name>` program to ask. None found: anonymous access.
 */
export async function registryCredentials(registry: string, env: NodeJS.ProcessEnv = process.env): Promise<Credentials | undefined> {
  const files = [
    env.REGISTRY_AUTH_FILE,
    env.XDG_RUNTIME_DIR ? join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json') : undefined,
    join(env.DOCKER_CONFIG || join(env.HOME || homedir(), '.docker'), 'config.json'),
  ].filter((f): f is string => Boolean(f && existsSync(f)));
  const keys = authKeys(registry);
  for (const file of files) {
    let config: AuthFile;
    try {
      config = JSON.parse(await readFile(file, 'utf8')) as AuthFile;
    } catch (e) {
      throw new StackError(`cannot read registry credentials from ${file}: ${(e as Error).message}`, [], 1);
    }
    const helper = keys.map((k) => config.credHelpers?.[k]).find(Boolean) ?? config.credsStore;
    if (helper) {
      const found = await askHelper(helper, keys, env);
      if (found) return found;
    }
    for (const k of keys) {
      const entry = config.auths?.[k];
      if (entry?.identitytoken) return { identityToken: entry.identitytoken };
      if (entry?.auth) {
        const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
        const sep = decoded.indexOf(':');
        if (sep > 0) return { username: decoded.slice(0, sep), password: decoded.slice(sep + 1) };
      }
    }
  }
  return undefined;
}

/** The names a registry's entry may have in an auth file: Docker Hub has several. */
function authKeys(registry: string): string[] {
  if (registry === 'docker.io') return ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io'];
  return [registry, `https://${registry}`, `http://${registry}`];
}

/**
 * The docker-credential-helpers protocol: `docker-credential-<name> get` reads the server
 * URL on stdin and prints `{"Username","Secret"}`; Username `<token>` marks an identity
 * token. "credentials not found" means none for that server, not an error.
 */
async function askHelper(name: string, keys: readonly string[], env: NodeJS.ProcessEnv): Promise<Credentials | undefined> {
  const program = `docker-credential-${name}`;
  for (const key of keys) {
    const out = await new Promise<string | undefined>((resolve, reject) => {
      const child = execFile(program, ['get'], { env, timeout: 30_000 }, (err, stdout, stderr) => {
        if (!err) return resolve(stdout);
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return reject(new StackError(`${program} is named in the Docker config but is not on PATH`, [], 69));
        if (/not found/i.test(`${stdout}${stderr}`)) return resolve(undefined);
        reject(new StackError(`${program} get failed: ${(stderr || stdout).trim().split('\n')[0]}`, [], 1));
      });
      child.stdin?.end(key);
    });
    if (!out) continue;
    const parsed = JSON.parse(out) as { Username?: string; Secret?: string };
    if (!parsed.Secret) continue;
    return parsed.Username === '<token>' ? { identityToken: parsed.Secret } : { username: parsed.Username ?? '', password: parsed.Secret };
  }
  return undefined;
}
