import { spawn } from 'node:child_process';
import { StackError } from '../core/errors.js';

/** How kubectl is called: the binary and the connection flags every call carries. */
export interface Kubectl {
  readonly binary: string;
  /** `--kubeconfig`, `--context`: given once, passed to every call. */
  readonly flags: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** The context in use, for messages. */
  readonly context: string;
}

export interface KubectlResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs kubectl with the connection flags. `input` goes to its stdin: that is how Secrets
 * reach it, never through a file or an argument.
 */
export function kubectlRun(k: Pick<Kubectl, 'binary' | 'flags' | 'env'>, args: readonly string[], input?: string): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(k.binary, [...k.flags, ...args], { env: k.env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (e) => reject(e));
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    if (input !== undefined) child.stdin!.end(input);
  });
}

/** Runs kubectl and fails with what it said, naming the action. */
export async function kubectlOk(k: Kubectl, args: readonly string[], what: string, input?: string): Promise<string> {
  const r = await kubectlRun(k, args, input);
  if (r.code !== 0) throw new StackError(`${what} failed (kubectl exit ${r.code}, context "${k.context}"):\n${(r.stderr || r.stdout).trim()}`, [], 1);
  return r.stdout;
}

export interface KubectlOptions {
  readonly kubeconfig?: string;
  readonly context?: string;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * kubectl, with a context that exists and a cluster that answers; otherwise an error that
 * says which of the three is missing and how to fix it (exit 69: unavailable).
 */
export async function connectKubectl(o: KubectlOptions): Promise<Kubectl> {
  const binary = o.env.GRAFANA_STACK_KUBECTL || 'kubectl';
  const flags = [...(o.kubeconfig ? ['--kubeconfig', o.kubeconfig] : []), ...(o.context ? ['--context', o.context] : [])];
  const base = { binary, flags, env: o.env };
  let contexts: KubectlResult;
  try {
    contexts = await kubectlRun(base, ['config', 'get-contexts', '-o', 'name']);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new StackError(`k8s needs kubectl: "${binary}" was not found (install kubectl, or set GRAFANA_STACK_KUBECTL to its path)`, [], 69);
    }
    throw e;
  }
  const known = contexts.stdout.split('\n').filter(Boolean);
  let context = o.context;
  if (!context) {
    const current = await kubectlRun(base, ['config', 'current-context']);
    context = current.code === 0 ? current.stdout.trim() : '';
    if (!context) {
      const hint = known.length ? `choose one of ${known.join(', ')} with --context or \`kubectl config use-context\`` : 'the kubeconfig has no context: create one (kind create cluster, or your cloud CLI) or pass --kubeconfig';
      throw new StackError(`kubectl has no current context: ${hint}`, [], 69);
    }
  } else if (!known.includes(context)) {
    throw new StackError(`kubectl has no context "${context}"${known.length ? ` (contexts: ${known.join(', ')})` : ''}`, [], 69);
  }
  const k: Kubectl = { ...base, context };
  const version = await kubectlRun(k, ['version', '-o', 'json', '--request-timeout=10s']);
  if (version.code !== 0) {
    throw new StackError(`the cluster of context "${context}" does not answer:\n${version.stderr.trim().split('\n').slice(-3).join('\n')}`, [], 69);
  }
  return k;
}
