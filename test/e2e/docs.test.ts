import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { BIN, ROOT, tempProject } from '../helpers.js';
import { docSteps, unmatchedOutput } from '../docs/doc-steps.js';
import { ensureDockerEngine } from './docker-engine.js';
import { startKubeApiserver, type KubeApiserver } from './kube-apiserver.js';
import { e2eMirror, missingComponents } from './requirements.js';
import { missingTool, toolBinary } from '../tools/binaries.js';

/**
 * Every command shown in docs/ is run here, in a fresh directory per page, by bash, with
 * `grafana-stack` being this checkout's build; its output must still contain what the page
 * shows. So a page cannot go stale without this test failing.
 */
const pages = ['README.md', ...readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const shim = tempProject();
writeFileSync(join(shim, 'grafana-stack'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
chmodSync(join(shim, 'grafana-stack'), 0o755);

let apiserver: KubeApiserver | string | undefined;
/** Why a requirement cannot be met here, or the environment it adds. */
async function provide(requirement: string): Promise<string | NodeJS.ProcessEnv> {
  switch (requirement) {
    case 'stack':
      return (await missingComponents()) ?? {};
    case 'mirror': {
      // The components that run here, from a mirror of their release files: MIRROR names it.
      const missing = await missingComponents([], ['prometheus', 'alertmanager', 'node-exporter', 'proxy']);
      if (missing) return missing;
      const m = await e2eMirror();
      return 'dir' in m ? { MIRROR: m.dir, GRAFANA_STACK_MIRROR: m.dir } : m.missing;
    }
    case 'docker':
      return (await ensureDockerEngine()) ?? {};
    case 'cluster':
      apiserver ??= await startKubeApiserver();
      if (typeof apiserver === 'string') return apiserver;
      return { KUBECONFIG: apiserver.kubeconfig, GRAFANA_STACK_KUBECTL: apiserver.kubectl, PATH: dirname(apiserver.kubectl) };
    case 'helm': {
      const helm = await toolBinary('helm');
      if (!helm) return missingTool('helm');
      const dir = join(shim, 'helm-bin');
      mkdirSync(dir, { recursive: true });
      rmSync(join(dir, 'helm'), { force: true });
      writeFileSync(join(dir, 'helm'), `#!/bin/sh\nexec '${helm}' "$@"\n`);
      chmodSync(join(dir, 'helm'), 0o755);
      return { PATH: dir };
    }
    default:
      throw new Error(`unknown requirement "${requirement}"`);
  }
}

for (const page of pages) {
  const doc = docSteps(readFileSync(join(ROOT, page), 'utf8'));
  if (!doc.steps.some((s) => s.kind === 'command')) continue;
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', PATH: [shim, process.env.PATH].join(delimiter) };
  const missing: string[] = [];
  for (const r of doc.requires) {
    const got = await provide(r);
    if (typeof got === 'string') missing.push(got);
    else for (const [k, v] of Object.entries(got)) env[k] = k === 'PATH' ? [v, env.PATH].join(delimiter) : v;
  }
  test(`${page}: every command runs and prints what the page shows`, { skip: missing.length ? missing.join('; ') : false, timeout: 900_000 }, (t) => {
    const dir = tempProject();
    try {
      for (const step of doc.steps) {
        if (step.kind === 'file') writeFileSync(join(dir, step.name), step.content);
        else if (step.kind === 'not-run') t.diagnostic(`${page}:${step.line}: not run: ${step.reason}`);
        else {
          const r = spawnSync('bash', ['--norc', '-o', 'pipefail', '-c', `{ ${step.command}\n} 2>&1`], { cwd: dir, env, encoding: 'utf8', timeout: 600_000 });
          const where = `${page}:${step.line}: $ ${step.command}`;
          assert.equal(r.status, 0, `${where}\nexited ${r.status}:\n${r.stdout}${r.stderr}`);
          const unmatched = unmatchedOutput(step.expected, r.stdout);
          assert.equal(unmatched, undefined, `${where}\nthe page shows "${unmatched}", which is not in the output:\n${r.stdout}`);
        }
      }
    } finally {
      spawnSync('bash', ['-c', 'grafana-stack down >/dev/null 2>&1; true'], { cwd: dir, env });
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

after(() => {
  if (apiserver && typeof apiserver !== 'string') apiserver.stop();
});
