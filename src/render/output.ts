import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile, chmod } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { StackError } from '../core/errors.js';
import type { OutputFile } from '../targets/target.js';

/** Marks a directory as ours, so a later render may replace it. */
export const MARKER = '.grafana-stack-render';

/**
 * Writes a rendered output atomically: everything goes to a temporary sibling directory
 * which then replaces DIR by rename, so an error leaves nothing half-written. An existing
 * DIR is only replaced if it is empty or was written by grafana-stack (it has the
 * marker): a user's own directory is never deleted.
 */
export async function writeOutput(outDir: string, files: readonly OutputFile[], marker: Record<string, string>): Promise<void> {
  const out = resolve(outDir);
  await assertReplaceable(out);
  const parent = dirname(out);
  await mkdir(parent, { recursive: true });
  const tmp = join(parent, `.${basename(out)}.tmp-${process.pid}-${Date.now()}`);
  try {
    const seen = new Set<string>();
    for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
      const target = resolve(tmp, f.path);
      if (!target.startsWith(tmp + sep) || seen.has(f.path)) throw new Error(`invalid or duplicate output path ${JSON.stringify(f.path)}`);
      seen.add(f.path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, f.content, { mode: f.mode ?? 0o644 });
      await chmod(target, f.mode ?? 0o644);
    }
    await writeFile(join(tmp, MARKER), `${JSON.stringify(marker)}\n`);
    if (existsSync(out)) {
      const old = join(parent, `.${basename(out)}.old-${process.pid}-${Date.now()}`);
      await rename(out, old);
      try {
        await rename(tmp, out);
      } catch (e) {
        await rename(old, out); // put the previous render back
        throw e;
      }
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(tmp, out);
    }
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

async function assertReplaceable(out: string): Promise<void> {
  if (!existsSync(out)) return;
  let entries: string[];
  try {
    entries = await readdir(out);
  } catch {
    throw new StackError(`--out ${out} exists and is not a directory`);
  }
  if (entries.length === 0 || entries.includes(MARKER)) return;
  throw new StackError(
    `--out ${out} already holds files that grafana-stack did not write; choose an empty or new directory (nothing was changed)`,
  );
}
