import { existsSync } from 'node:fs';
import { mkdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { StoreEntry } from '../artifacts/store.js';
import { COMPONENT_LIST } from '../components/registry.js';
import { buildStack } from '../plan/build.js';
import { resolveTemplate } from '../model/refs.js';
import type { Stack } from '../model/stack.js';
import { nativeResolver } from '../targets/native/index.js';
import { runPaths } from '../run/paths.js';
import { shQuote } from './environment.js';

export interface ToolboxTool {
  readonly name: string;
  readonly component: string;
  /** What it runs: a store binary, or a wrapper script around one. */
  readonly target: string;
  /** The wrapper's text; absent for a plain link to `target`. */
  readonly script?: string;
}

export interface Toolbox {
  /** The directory `shell` puts first on PATH. */
  readonly binDir: string;
  readonly tools: readonly ToolboxTool[];
  /** Binaries the stack pins but the store entry lacks, each with what to do about it. */
  readonly missing: readonly string[];
}

/**
 * `.grafana-stack/shell/bin`: a link to every binary of every enabled component's store
 * entry (servers and their tools: promtool, logcli, tempo-cli, ...), so the shell's tools
 * are exactly the pinned versions the stack runs, plus the components' client wrappers
 * (grafana-cli pointed at the native config). Rebuilt whole on each call and swapped in
 * by rename, so a half-written directory is never on anyone's PATH.
 */
export async function writeToolbox(o: { stack: Stack; projectDir: string; entries: ReadonlyMap<string, StoreEntry> }): Promise<Toolbox> {
  const paths = runPaths(o.projectDir);
  const shellDir = join(paths.root, 'shell');
  const binDir = join(shellDir, 'bin');
  const tools: ToolboxTool[] = [];
  const missing: string[] = [];
  const plans = buildStack(o.stack).plans;
  for (const def of COMPONENT_LIST) {
    const entry = o.entries.get(def.name);
    if (!o.stack.components[def.name] || !def.artifact || !entry) continue;
    for (const binary of def.artifact.binaries) {
      const path = join(entry.dir, binary);
      if (existsSync(path)) tools.push({ name: binary, component: def.name, target: path });
      else missing.push(`${binary}: ${def.name}'s store entry does not carry it (its release archive publishes it apart, or your own binary came without it)`);
    }
    const plan = plans.find((p) => p.component === def.name);
    for (const [name, tool] of Object.entries(def.clientTools ?? {})) {
      if (!plan) continue;
      const r = nativeResolver(plans, plan, { stackName: o.stack.name, bindAddress: o.stack.bindAddress }, {
        configDir: paths.config,
        stateDir: paths.root,
        artifactDir: () => entry.dir,
      });
      const argv = [join(entry.dir, tool.binary), ...tool.args.map((a) => resolveTemplate(a, r))];
      const mkdirs = (tool.dirs ?? []).map((d) => `mkdir -p ${shQuote(resolveTemplate(d, r))}\n`).join('');
      const script = `#!/bin/sh\n# ${tool.description}.\n# Written by grafana-stack shell for stack "${o.stack.name}".\nset -e\n${mkdirs}exec ${argv.map(shQuote).join(' ')} "$@"\n`;
      // A wrapper takes the place of the plain link of the same name (amtool with the stack's URL).
      const plain = tools.findIndex((x) => x.name === name && !x.script);
      if (plain >= 0) tools.splice(plain, 1);
      tools.push({ name, component: def.name, target: argv[0]!, script });
    }
  }
  await mkdir(shellDir, { recursive: true, mode: 0o750 });
  const fresh = join(shellDir, `.bin-${process.pid}`);
  await rm(fresh, { recursive: true, force: true });
  await mkdir(fresh, { mode: 0o755 });
  for (const t of tools) {
    if (t.script) await writeFile(join(fresh, t.name), t.script, { mode: 0o755 });
    else await symlink(t.target, join(fresh, t.name));
  }
  // rename() cannot replace a non-empty directory: move the old one aside first.
  const old = join(shellDir, `.old-${process.pid}`);
  if (existsSync(binDir)) await rename(binDir, old);
  await rename(fresh, binDir);
  await rm(old, { recursive: true, force: true });
  return { binDir, tools, missing };
}
