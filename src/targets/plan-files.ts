import { serialize } from '../formats/index.js';
import { containsRef, resolveValue, type RefResolver } from '../model/refs.js';
import type { AddonRef, PlanFile, ServicePlan } from '../model/service-plan.js';
import { isStackError, StackError, type Problem } from '../core/errors.js';
import type { OutputFile } from './target.js';

/**
 * Writes a service's generated files under `<dir>/` (`''`: paths as the plan gives them),
 * references resolved for the target. A value a writer cannot write is reported with the
 * file it was meant for.
 */
export function planFiles(plan: ServicePlan, resolver: RefResolver, dir = plan.name): OutputFile[] {
  return plan.files.map((f) => {
    const path = dir ? `${dir}/${f.path}` : f.path;
    try {
      return { path, content: fileText(f, resolver) };
    } catch (e) {
      if (!isStackError(e)) throw e;
      const file = `${plan.name}/${f.path}`;
      const problems = e.problems.length ? e.problems.map((p) => ({ path: `${file} › ${p.path}`, message: p.message })) : [{ path: file, message: e.message }];
      throw new StackError(`${e.problems.length ? e.message.split('\n')[0] : 'cannot write'} ${file}`, problems);
    }
  });
}

/**
 * The text of each file that names no reference, which is the same for every target: `check`
 * and `render all` render five targets, and wrote each dashboard and rule file five times.
 * Kept with the file itself, which the stack's build holds frozen (model/build.ts); null
 * for a file with references, written anew for each target.
 */
const sameForEveryTarget = new WeakMap<PlanFile, string | null>();

function fileText(f: PlanFile, resolver: RefResolver): string {
  const kept = sameForEveryTarget.get(f);
  if (typeof kept === 'string') return kept;
  const text = serialize(f.format, resolveValue(f.content, resolver), f.header);
  if (kept === undefined && Object.isFrozen(f) && Object.isFrozen(f.content)) sameForEveryTarget.set(f, namesReference(f) ? null : text);
  return text;
}

const refsIn = new WeakMap<PlanFile, boolean>();

/**
 * Whether a planned file names a reference anywhere in its content: looked for once per
 * frozen file, and known to every target after (the network policies' flows are read off
 * the references, and a large stack's dashboards are thousands of objects that name none).
 */
export function namesReference(f: PlanFile): boolean {
  let known = refsIn.get(f);
  if (known === undefined) {
    known = containsRef(f.content);
    if (Object.isFrozen(f) && Object.isFrozen(f.content)) refsIn.set(f, known);
  }
  return known;
}

/**
 * ConfigMap keys for file paths: a key is `[-._a-zA-Z0-9]+` (at most 253 characters, not
 * starting with `..`), so `/` becomes `__` and every other character `_x<hex>_`
 * (`My Team` -> `My_x20_Team`). Two paths that make one key are refused, naming both.
 */
export function configMapKeys(paths: readonly string[], where: string): Map<string, string> {
  const keys = new Map<string, string>();
  const owners = new Map<string, string>();
  const problems: Problem[] = [];
  for (const path of paths) {
    const key = path.replaceAll('/', '__').replace(/[^-._a-zA-Z0-9]/gu, (ch) => `_x${ch.codePointAt(0)!.toString(16)}_`);
    const other = owners.get(key);
    if (other !== undefined) problems.push({ path: `${where} › ${path}`, message: `makes the same ConfigMap key (${key}) as ${other}` });
    else if (key.length > 253) problems.push({ path: `${where} › ${path}`, message: `makes a ConfigMap key longer than 253 characters (${key.length})` });
    else if (key.startsWith('..')) problems.push({ path: `${where} › ${path}`, message: 'makes a ConfigMap key starting with ".."' });
    owners.set(key, path);
    keys.set(path, key);
  }
  if (problems.length) throw new StackError('cannot name the ConfigMap keys', problems);
  return keys;
}

/** Looks up a port of a planned service by name, with an error that names both. */
export function portOf(plans: readonly ServicePlan[], service: string, port: string): number {
  const p = plans.find((x) => x.name === service)?.ports.find((x) => x.name === port);
  if (!p) throw new Error(`no port "${port}" on service "${service}"`);
  return p.port;
}

/**
 * Refuses plans that need a secret as an environment variable on a target that has no way
 * to set one from a secret without writing the value into a file it renders.
 */
export function refuseSecretEnv(plans: readonly ServicePlan[], target: string): void {
  for (const plan of plans) {
    for (const [name, secret] of Object.entries(plan.secretEnv ?? {})) {
      throw new StackError(
        `${plan.name}: secret "${secret}" must reach the program as environment variable ${name}, which the ${target} target cannot set from a secret yet (native, kubernetes and helm can); leave the secret out to use ambient credentials`,
      );
    }
  }
}

/** One of the service's addons by name (a reference to one it does not have is a bug in its component). */
export function addonOf(plan: ServicePlan, addon: string): AddonRef {
  const a = plan.addons?.find((x) => x.name === addon);
  if (!a) throw new Error(`service ${plan.name} has no addon "${addon}"`);
  return a;
}
