import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { missingTool, toolBinary } from '../tools/binaries.js';
import { freePort } from '../free-port.js';

/**
 * A real Kubernetes API server for the `k8s` tests, the way controller-runtime's envtest
 * runs one: etcd and kube-apiserver (built from their pinned modules), no controllers and
 * no kubelet, so objects are stored, validated and admitted (Pod Security included) but
 * no pod ever runs. Token auth as cluster admin; the serving certificate is the one the
 * API server generates for itself.
 */
export interface KubeApiserver {
  readonly kubeconfig: string;
  readonly kubectl: string;
  stop(): void;
  logs(): string;
}

/** A running API server, or why there is none here. */
export async function startKubeApiserver(ports?: { etcd: number; peer: number; api: number }): Promise<KubeApiserver | string> {
  const [etcd, apiserver, kubectl] = await Promise.all([toolBinary('etcd'), toolBinary('kube-apiserver'), toolBinary('kubectl')]);
  const missing = [!etcd && missingTool('etcd'), !apiserver && missingTool('kube-apiserver'), !kubectl && missingTool('kubectl')].filter(Boolean);
  if (missing.length) return missing.join('; ');
  const dir = mkdtempSync(join(tmpdir(), 'gs-kube-'));
  // Fixed ports when a test has a range of its own; free ones otherwise.
  const [etcdPort, peerPort, apiPort] = ports ? [ports.etcd, ports.peer, ports.api] : [await freePort(), await freePort(), await freePort()];
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  writeFileSync(join(dir, 'sa.key'), privateKey.export({ type: 'pkcs1', format: 'pem' }), { mode: 0o600 });
  writeFileSync(join(dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
  const token = randomBytes(16).toString('hex');
  writeFileSync(join(dir, 'tokens.csv'), `${token},admin,admin,system:masters\n`, { mode: 0o600 });
  const children: ChildProcess[] = [];
  let stopped = false;
  const stop = () => {
    stopped = true;
    for (const c of children.reverse()) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  const logs = () => ['etcd', 'kube-apiserver'].map((n) => `--- ${n}\n${safeRead(join(dir, `${n}.log`)).split('\n').slice(-20).join('\n')}`).join('\n');
  const start = (bin: string, name: string, args: string[]) => {
    const out = join(dir, `${name}.log`);
    writeFileSync(out, '');
    const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr!.on('data', (d: Buffer) => {
      if (!stopped) writeFileSync(out, d, { flag: 'a' });
    });
    children.push(child);
  };
  start(etcd!, 'etcd', [
    '--name=test', `--data-dir=${join(dir, 'etcd')}`,
    `--listen-client-urls=http://127.0.0.1:${etcdPort}`, `--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
    `--listen-peer-urls=http://127.0.0.1:${peerPort}`, `--initial-advertise-peer-urls=http://127.0.0.1:${peerPort}`,
    `--initial-cluster=test=http://127.0.0.1:${peerPort}`, '--unsafe-no-fsync=true', '--log-level=warn',
  ]);
  if (!(await waitFor(() => tcpOpen(etcdPort), 20_000))) {
    const l = logs();
    stop();
    return `etcd did not start:\n${l}`;
  }
  start(apiserver!, 'kube-apiserver', [
    '--advertise-address=127.0.0.1', '--bind-address=127.0.0.1', `--secure-port=${apiPort}`,
    `--etcd-servers=http://127.0.0.1:${etcdPort}`, `--cert-dir=${join(dir, 'certs')}`,
    `--token-auth-file=${join(dir, 'tokens.csv')}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${join(dir, 'sa.pub')}`, `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
    '--service-cluster-ip-range=10.0.0.0/24', '--authorization-mode=RBAC',
    // No controller creates ServiceAccount tokens here; Pod Security admission stays on.
    '--disable-admission-plugins=ServiceAccount', '--endpoint-reconciler-type=none',
  ]);
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    // The API server's self-generated certificate: not verified (this sandbox's clock is not trusted either).
    `apiVersion: v1\nkind: Config\nclusters:\n- name: test\n  cluster:\n    server: https://127.0.0.1:${apiPort}\n    insecure-skip-tls-verify: true\nusers:\n- name: admin\n  user:\n    token: ${token}\ncontexts:\n- name: test\n  context: {cluster: test, user: admin}\ncurrent-context: test\n`,
    { mode: 0o600 },
  );
  const ready = await waitFor(() => spawnSync(kubectl!, ['--kubeconfig', kubeconfig, 'get', '--raw=/readyz', '--request-timeout=2s'], { encoding: 'utf8' }).status === 0, 90_000);
  if (!ready) {
    const l = logs();
    stop();
    return `kube-apiserver did not become ready in 90 s:\n${l}`;
  }
  return { kubeconfig, kubectl: kubectl!, stop, logs };
}

function safeRead(f: string): string {
  try {
    return readFileSync(f, 'utf8');
  } catch {
    return '';
  }
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = connect(port, '127.0.0.1');
    c.once('connect', () => (c.end(), resolve(true)));
    c.once('error', () => resolve(false));
  });
}

async function waitFor(check: () => boolean | Promise<boolean>, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}
