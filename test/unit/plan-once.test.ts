import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { COMPONENT_LIST } from '../../src/components/registry.js';
import type { ComponentDefinition } from '../../src/components/component.js';
import { tempProject } from '../helpers.js';
import { SRC, sourceFiles } from './source-graph.js';

/**
 * One build of the stack per command: load -> validate -> resolve -> plan happens once, and
 * render, the targets, the artifact layer and the run read that one StackBuild. Counted by
 * wrapping every component's `plan` (planStack calls each enabled one once), while commands
 * run in process.
 */
const calls = new Map<string, number>();
for (const def of COMPONENT_LIST as ComponentDefinition[]) {
  const plan = def.plan.bind(def);
  (def as { plan: ComponentDefinition['plan'] }).plan = (stack, self) => {
    calls.set(def.name, (calls.get(def.name) ?? 0) + 1);
    return plan(stack, self);
  };
}

async function plannings(args: string[], dir: string): Promise<number> {
  calls.clear();
  let err = '';
  const code = await main(args, { cwd: dir, env: { XDG_CACHE_HOME: join(dir, '.cache'), GRAFANA_STACK_STORE: join(dir, '.store'), NO_COLOR: '1', PATH: process.env.PATH }, stdout: () => undefined, stderr: (s) => void (err += s) });
  assert.equal(code, 0, `${args.join(' ')}: ${err}`);
  const counts = new Set(calls.values());
  assert.equal(counts.size, 1, `${args.join(' ')}: every component planned equally often (${JSON.stringify(Object.fromEntries(calls))})`);
  return [...counts][0]!;
}

test('each command that renders or checks plans the stack once', async () => {
  const dir = tempProject({ 'grafana-stack.config.yaml': 'name: once\nalertmanager: {}\nproxy: {}\n' });
  for (const args of [['render', 'native', '--out', 'n'], ['render', 'all', '--out', 'a'], ['render', 'compose', '--out', 'c'], ['render', 'helm', '--out', 'h'], ['check', '--skip-validators']]) {
    assert.equal(await plannings(args, dir), 1, args.join(' '));
  }
});

test('planStack is called by buildStack alone, and only commands (or the one helper that is a command\'s only planning) build the stack', () => {
  const calling = (name: string) => sourceFiles().filter((f) => new RegExp(`\\b${name}\\(`).test(readFileSync(join(SRC, f), 'utf8').replace(/export function \w+\(/g, '')));
  assert.deepEqual(calling('planStack'), ['plan/build.ts']);
  const builders = calling('buildStack').filter((f) => !f.startsWith('cli/commands/'));
  // `shell`/`env` (the toolbox) and `verify` (the proxy check) plan nothing else.
  assert.deepEqual(builders.sort(), ['shell/toolbox.ts', 'verify/proxy-check.ts']);
});
