import { execFile, spawn } from 'node:child_process';
import { chmod, cp, mkdir, readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { promisify } from 'node:util';
import { StackError } from '../../core/errors.js';
import type { SourceFile } from '../../components/artifact-spec.js';
import { addEntry, findEntry, storeKey, verifyEntry, type StoreEntry } from '../store.js';
import { release, scratchDir } from '../scratch.js';

const run = promisify(execFile);

/** A Go module build, as pinned in the lock file. */
export interface SourceBuild {
  readonly module: string;
  /** Module version (a tag or a pseudo-version). */
  readonly version: string;
  /** The module's go.sum hash (`h1:...`), checked against what the proxy serves. */
  readonly sum: string;
  /** Binary name -> package path inside the module (`./cmd/loki`). */
  readonly packages: Readonly<Record<string, string>>;
  /** Extra linker flags (version stamping); `-s -w` are always added. */
  readonly ldflags?: readonly string[];
  readonly tags?: readonly string[];
  readonly cgo?: boolean;
  /** false when the checksum database does not know the module (the pinned sum is then the only check). */
  readonly sumdb?: false;
  readonly modEdits?: readonly string[];
  readonly files?: readonly SourceFile[];
}

export interface SourceFetchOptions {
  readonly storeDir: string;
  readonly component: string;
  readonly version: string;
  /** Progress lines (module download, each binary built). */
  readonly log?: (line: string) => void;
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Builds a component from its Go module with the local toolchain and stores the binaries.
 * The module is downloaded through the Go module proxy, its hash compared with the pinned
 * one, and built inside a writable copy (modules with `replace` directives cannot be
 * `go install`ed). Flags are reproducible: -trimpath, -buildvcs=false, fixed ldflags, no
 * cgo unless the component needs it. The Go version is part of the store key, so each
 * (module, flags, toolchain) is built once.
 */
export async function fetchSource(b: SourceBuild, o: SourceFetchOptions): Promise<StoreEntry> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...o.env, GOFLAGS: '-mod=mod', GOWORK: 'off', CGO_ENABLED: b.cgo ? '1' : '0' };
  if (b.sumdb === false) env.GONOSUMDB = b.module;
  const go = await goVersion(env);
  const key = sourceStoreKey(b, go);
  const existing = findEntry(o.storeDir, key, o.component, o.version);
  if (existing) return verifyEntry(existing);

  o.log?.(`downloading ${b.module}@${b.version} through the Go module proxy`);
  const dl = await goJson(['mod', 'download', '-json', `${b.module}@${b.version}`], env);
  if (dl.Error) throw new StackError(`go mod download ${b.module}@${b.version}: ${dl.Error}`, [], 3);
  if (dl.Sum !== b.sum) {
    throw new StackError(`${b.module}@${b.version}: module hash ${dl.Sum} does not match the pinned ${b.sum}; refusing to build it`, [], 3);
  }
  return addEntry(o.storeDir, key, { component: o.component, version: o.version, origin: { provider: 'source', module: b.module, version: b.version, sum: b.sum, go } }, async (dir) => {
    const src = await scratchDir(o.storeDir, 'build');
    try {
      await cp(dl.Dir!, src, { recursive: true });
      await makeWritable(src);
      if (b.modEdits?.length) {
        o.log?.(`go mod edit ${b.modEdits.join(' ')}`);
        await run('go', ['mod', 'edit', ...b.modEdits], { cwd: src, env });
      }
      await writeSourceFiles(src, b.files ?? []);
      for (const [name, pkg] of Object.entries(b.packages)) {
        const started = Date.now();
        o.log?.(`building ${name} from ${b.module}@${b.version} (${pkg}) with ${go}`);
        const args = ['build', '-trimpath', '-buildvcs=false', '-ldflags', ['-s', '-w', ...(b.ldflags ?? [])].join(' ')];
        if (b.tags?.length) args.push('-tags', b.tags.join(','));
        args.push('-o', join(dir, name), pkg);
        await goStreaming(args, src, env, o.log);
        o.log?.(`built ${name} in ${seconds(started)}`);
      }
    } finally {
      await release(src);
    }
  });
}

/** Everything of a build spec that determines its bytes, except the Go version. */
function buildIdentity(b: SourceBuild): Record<string, unknown> {
  return { provider: 'source', module: b.module, version: b.version, sum: b.sum, packages: b.packages, ldflags: b.ldflags ?? [], tags: b.tags ?? [], cgo: Boolean(b.cgo), ...(b.modEdits ? { modEdits: b.modEdits } : {}), ...(b.files ? { files: b.files } : {}) };
}

/**
 * The store key of a build with a given Go version. A lookup by lock entry compares it
 * with the entry's directory name, so it never picks an entry built with other flags from
 * the same module version.
 */
export function sourceStoreKey(b: SourceBuild, go: string): string {
  return storeKey({ ...buildIdentity(b), go });
}

/** `go env GOVERSION`, with a clear error when Go is missing. */
export async function goVersion(env: NodeJS.ProcessEnv): Promise<string> {
  try {
    const { stdout } = await run('go', ['env', 'GOVERSION'], { env });
    return stdout.trim();
  } catch {
    throw new StackError('the source provider needs the Go toolchain: `go` was not found on PATH (install Go, or fetch --from release)', [], 3);
  }
}

/** Runs a `go ... -json` command; the JSON it printed even when it failed (it carries `Error`). */
export async function goJson(args: string[], env: NodeJS.ProcessEnv): Promise<{ Dir?: string; Sum?: string; Error?: string }> {
  try {
    const { stdout } = await run('go', args, { env, maxBuffer: 8 * 1024 * 1024 });
    return JSON.parse(stdout) as { Dir?: string; Sum?: string; Error?: string };
  } catch (e) {
    const out = (e as { stdout?: string }).stdout;
    if (out) {
      try {
        return JSON.parse(out) as { Error?: string };
      } catch {
        // fall through
      }
    }
    throw new StackError(`go ${args.join(' ')}: ${(e as Error).message.split('\n').slice(0, 4).join('\n')}`, [], 3);
  }
}

/** Runs a go command, its output to `log` line by line; fails with the last of it. */
export function goStreaming(args: string[], cwd: string, env: NodeJS.ProcessEnv, log?: (l: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('go', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const onData = (d: Buffer) => {
      const text = d.toString();
      tail = (tail + text).slice(-4000);
      for (const line of text.split('\n')) if (line.trim()) log?.(`  ${line}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new StackError(`go ${args.join(' ')} failed (exit ${code}):\n${tail}`, [], 3))));
  });
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(0)}s`;
}

/** Writes the spec's files into the module copy, compressed where asked (deterministically: no gzip name or time). */
async function writeSourceFiles(src: string, files: readonly SourceFile[]): Promise<void> {
  for (const f of files) {
    const text = Buffer.from(f.text);
    const bytes = f.compress === 'gzip' ? gzipSync(text, { level: 9 }) : f.compress === 'br' ? brotliCompressSync(text) : text;
    await mkdir(dirname(join(src, f.path)), { recursive: true });
    await writeFile(join(src, f.path), bytes);
  }
}

async function makeWritable(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await makeWritable(p);
    else await chmod(p, 0o644);
  }
}
