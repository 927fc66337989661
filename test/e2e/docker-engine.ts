import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';

/**
 * A Docker engine for the Compose end-to-end test. One that answers is used as it is.
 * Otherwise, as root with Debian's docker.io installed, the engine is started the way
 * these machines need it (cgroupfs driver; shared/DESIGN.md) and left running for later
 * tests. Returns why there is none, for a visible skip.
 */
export async function ensureDockerEngine(): Promise<string | undefined> {
  if (engineAnswers()) return undefined;
  if (spawnSync('docker', ['--version']).status !== 0) return 'the docker client is not installed (scripts/install-deps.sh installs docker.io)';
  if (spawnSync('sh', ['-c', 'command -v dockerd']).status !== 0) return 'no Docker engine answers and dockerd is not installed (scripts/install-deps.sh installs docker.io)';
  if (process.getuid?.() !== 0) return 'no Docker engine answers, and starting dockerd needs root';
  if (!existsSync('/etc/docker/daemon.json')) {
    mkdirSync('/etc/docker', { recursive: true });
    writeFileSync('/etc/docker/daemon.json', '{"exec-opts":["native.cgroupdriver=cgroupfs"]}\n');
  }
  const log = openSync('/tmp/grafana-stack-dockerd.log', 'a');
  spawn('dockerd', [], { detached: true, stdio: ['ignore', log, log] }).unref();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    if (engineAnswers()) return undefined;
  }
  return 'dockerd was started but did not answer within 60 s (see /tmp/grafana-stack-dockerd.log)';
}

function engineAnswers(): boolean {
  return spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 15_000 }).status === 0;
}
