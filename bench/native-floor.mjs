/**
 * The floor `up --detach` and `down` are measured against: the same binaries, with the same
 * arguments, environment, secrets and configs (read from the manifest a previous `up` wrote),
 * started by hand in the same dependency order and polled for readiness at the same URLs as
 * tightly as is reasonable (every 10 ms), then stopped with SIGTERM and waited for. Plain JavaScript, so that no TypeScript loader is timed.
 *
 *   node bench/native-floor.mjs up PROJECT_DIR     starts the services, exits once all are ready
 *   node bench/native-floor.mjs down PROJECT_DIR   SIGTERM to each, exits once all are gone
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';

const [mode, project] = process.argv.slice(2);
const root = join(project, '.grafana-stack');
const pidFile = join(root, 'run', 'floor-pids.json');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const ready = (url) =>
  new Promise((resolve) => {
    const req = get(url, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode >= 200 && res.statusCode < 300));
    });
    req.on('error', () => resolve(false));
    req.setTimeout(2000, () => (req.destroy(), resolve(false)));
  });

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].startsWith('Z');
  } catch {
    return false;
  }
};

if (mode === 'up') {
  const manifest = JSON.parse(readFileSync(join(root, 'config', 'services.json'), 'utf8'));
  mkdirSync(join(root, 'logs'), { recursive: true });
  const pids = [];
  // As the supervisor does: each service once those it depends on are ready, the others at
  // once; the same environment (secrets read from their files as it reads them).
  const byName = new Map(manifest.services.map((s) => [s.name, s]));
  const started = new Map();
  const start = (s) => {
    if (!started.has(s.name)) {
      started.set(
        s.name,
        Promise.all(s.dependsOn.filter((d) => byName.has(d)).map((d) => start(byName.get(d)))).then(async () => {
          mkdirSync(s.cwd, { recursive: true });
          const log = openSync(join(root, 'logs', `${s.name}.floor.log`), 'a');
          const env = { PATH: process.env.PATH, HOME: process.env.HOME, TZ: process.env.TZ, LANG: process.env.LANG, ...s.env };
          for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
          for (const [k, file] of Object.entries(s.secretEnv ?? {})) env[k] = readFileSync(file, 'utf8').trim();
          const child = spawn(s.command, s.args, { cwd: s.cwd, env, stdio: ['ignore', log, log], detached: true });
          closeSync(log);
          child.unref();
          pids.push(child.pid);
          while (!(await ready(s.health.url))) await sleep(10);
        }),
      );
    }
    return started.get(s.name);
  };
  await Promise.all(manifest.services.map(start));
  writeFileSync(pidFile, JSON.stringify(pids));
} else if (mode === 'down') {
  const pids = JSON.parse(readFileSync(pidFile, 'utf8'));
  for (const pid of pids) process.kill(pid, 'SIGTERM');
  while (pids.some(alive)) await sleep(5);
} else {
  console.error('usage: native-floor.mjs up|down PROJECT_DIR');
  process.exit(2);
}
