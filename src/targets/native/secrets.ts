import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { StackError } from '../../core/errors.js';
import type { PlanSecret, ServicePlan } from '../../model/service-plan.js';

/**
 * Makes every native secret available as a 0600 file under `<stateDir>/secrets` (a 0700
 * directory): generated once and then kept, or copied from the environment variable the
 * config names. `{ file }` secrets are read in place and only checked. Values are never
 * printed.
 */
export async function materializeNativeSecrets(plans: readonly ServicePlan[], stateDir: string, env = process.env): Promise<string[]> {
  const dir = join(stateDir, 'secrets');
  await keepOutOfGit(stateDir);
  const written: string[] = [];
  const missing: { path: string; message: string }[] = [];
  for (const plan of plans) {
    for (const s of plan.secrets) {
      const target = generatedPath(stateDir, plan, s);
      if ('file' in s.source) {
        const file = s.source.file;
        if (!isAbsolute(file)) missing.push({ path: `${plan.component} secret ${s.name}`, message: `file must be an absolute path, got ${JSON.stringify(file)}` });
        else await checkPrivate(file, `${plan.component} secret ${s.name}`, missing);
        continue;
      }
      await mkdir(dir, { recursive: true, mode: 0o700 });
      await chmod(dir, 0o700);
      if ('env' in s.source) {
        const value = env[s.source.env];
        if (!value) {
          missing.push({ path: `${plan.component} secret ${s.name}`, message: `environment variable ${s.source.env} is not set` });
          continue;
        }
        if ((await readIfExists(target)) !== value) {
          await writePrivate(target, value);
          written.push(target);
        }
        continue;
      }
      if ((await readIfExists(target)) === undefined) {
        await writePrivate(target, randomBytes(s.source.generate.bytes).toString('base64url'));
        written.push(target);
      }
    }
  }
  if (missing.length) throw new StackError('secrets are missing', missing);
  return written;
}

/** Where a secret's value is kept for a `generate` or `env` source: `<stateDir>/secrets/<service>-<secret>`. */
function generatedPath(stateDir: string, plan: ServicePlan, s: PlanSecret): string {
  return join(stateDir, 'secrets', `${plan.name}-${s.name}`);
}

/**
 * A secret's value on this machine, after {@link materializeNativeSecrets}: the user's file,
 * or the kept copy. Compose copies it for its containers; `k8s apply` puts it in a Secret.
 */
export async function readSecretValue(stateDir: string, plan: ServicePlan, s: PlanSecret): Promise<Buffer> {
  const file = 'file' in s.source ? s.source.file : generatedPath(stateDir, plan, s);
  try {
    return await readFile(file);
  } catch (e) {
    throw new StackError(`${plan.name} secret ${s.name}: cannot read ${file}: ${(e as Error).message}`);
  }
}

async function writePrivate(file: string, value: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, value, { mode: 0o600 });
  await rename(tmp, file);
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

async function checkPrivate(file: string, where: string, problems: { path: string; message: string }[]): Promise<void> {
  try {
    const st = await stat(file);
    if (st.mode & 0o077) problems.push({ path: where, message: `${file} is readable by other users (mode ${(st.mode & 0o777).toString(8)}): chmod 600 it` });
  } catch {
    problems.push({ path: where, message: `${file} does not exist` });
  }
}

/** The state directory holds data and secrets: make sure git never picks it up. */
async function keepOutOfGit(stateDir: string): Promise<void> {
  await mkdir(stateDir, { recursive: true, mode: 0o700 });
  const ignore = join(stateDir, '.gitignore');
  if ((await readIfExists(ignore)) === undefined) await writeFile(ignore, '# grafana-stack state: data and secrets\n*\n');
}
