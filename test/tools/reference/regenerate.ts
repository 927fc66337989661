/**
 * Regenerates test/reference/<component>-<version>.json, the configuration key lists the
 * generated configs are held to (test/unit/reference-keys.test.ts), from snapshots of the
 * upstream repositories (the search tool's `fetch`, which leaves git directories under
 * /work/.mirror/<owner>+<name>/repo). It only reads text with `git show`: no upstream code is
 * built, imported or run. Each fixture records the repository, ref, commit and paths it read,
 * and when the pinned version's tag is not in the snapshot it says which ref stood in and why.
 *
 *   node --import tsx test/tools/reference/regenerate.ts [--mirror DIR] [component ...]
 *
 * Mimir and Grafana are regenerated only from a snapshot holding their tag (their
 * repositories exceed the snapshot size limit here, so their fixtures were written from the
 * sources each one names); without it they are left as they are.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_VERSIONS } from '../../../src/versions.js';
import { ROOT } from '../../helpers.js';
import { parseAlloyDoc } from './alloy-docs.js';
import { parseCortexDoc } from './cortex-doc.js';
import { addPath, type KeyReference, type ReferenceSource } from './key-tree.js';
import { parseMimirDescriptor } from './mimir-descriptor.js';
import { parseTempoManifest } from './tempo-manifest.js';

interface Snapshot {
  readonly repo: string;
  readonly ref: string;
  readonly commit: string;
  readonly date: string;
  readonly exactTag: boolean;
  show(path: string): string;
  list(dir: string): string[];
}

/** The snapshot of `repo` at `tag`, or at `fallback` (saying so) when the tag is not in it. */
function snapshot(mirror: string, repo: string, tag: string, fallback: string | undefined): Snapshot | undefined {
  const gitDir = join(mirror, repo.replace('/', '+'), 'repo');
  if (!existsSync(gitDir)) return undefined;
  const git = (...args: string[]) => execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
  const has = (ref: string) => {
    try {
      git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
      return true;
    } catch {
      return false;
    }
  };
  const ref = has(tag) ? tag : fallback && has(fallback) ? fallback : undefined;
  if (!ref) return undefined;
  const [commit, date] = git('log', '-1', '--format=%H %cI', ref).trim().split(' ') as [string, string];
  return {
    repo,
    ref,
    commit,
    date,
    exactTag: ref === tag,
    show: (path) => git('show', `${commit}:${path}`),
    list: (dir) => git('ls-tree', '-r', '--name-only', commit, dir).split('\n').filter(Boolean),
  };
}

/** A documented key the generated reference lacks, checked to be present in the named file. */
interface Addendum {
  readonly path: string;
  readonly file: string;
  readonly needle: string;
  readonly why: string;
}

function addenda(snap: Snapshot, keys: Set<string>, list: readonly Addendum[]): ReferenceSource[] {
  const sources = new Map<string, string[]>();
  for (const a of list) {
    if (!snap.show(a.file).includes(a.needle)) throw new Error(`${snap.repo}@${snap.ref} ${a.file} no longer has ${a.needle} (for ${a.path})`);
    addPath(keys, a.path);
    sources.set(a.file, [...(sources.get(a.file) ?? []), `${a.path} (${a.why})`]);
  }
  return [...sources].map(([path, what]) => ({ repo: snap.repo, ref: snap.ref, commit: snap.commit, path, note: `also: ${what.join('; ')}` }));
}

function source(snap: Snapshot, path: string, note?: string): ReferenceSource {
  return { repo: snap.repo, ref: snap.ref, commit: snap.commit, date: snap.date, path, ...(note ? { note } : {}) };
}

function caveat(snap: Snapshot, tag: string, why: string): string | undefined {
  return snap.exactTag ? undefined : `tag ${tag} is not in the newest snapshot readable here; ${snap.ref} at ${snap.commit.slice(0, 12)} (${snap.date.slice(0, 10)}) stands in: ${why}`;
}

type Builder = (mirror: string) => KeyReference | undefined;

const TEMPO_INDEX = 'docs/sources/tempo/configuration/_index.md';

const BUILDERS: Record<string, Builder> = {
  tempo(mirror) {
    const version = DEFAULT_VERSIONS.tempo;
    const snap = snapshot(mirror, 'grafana/tempo', `v${version}`, 'main');
    if (!snap) return undefined;
    const manifest = 'docs/sources/tempo/configuration/manifest.md';
    const keys = new Set(parseTempoManifest(snap.show(manifest)));
    // Fields tagged omitempty whose default is empty are missing from the manifest.
    const extra = addenda(snap, keys, [
      { path: 'stream_over_http_enabled', file: TEMPO_INDEX, needle: '[stream_over_http_enabled: <bool>', why: 'omitempty, default false' },
      { path: 'metrics_generator.registry.external_labels', file: TEMPO_INDEX, needle: '[external_labels: <map>]', why: 'a label map' },
      { path: 'metrics_generator.storage.remote_write', file: TEMPO_INDEX, needle: 'remote_write:', why: 'Prometheus remote_write entries' },
      { path: 'overrides.defaults.metrics_generator.processors', file: TEMPO_INDEX, needle: '[processors: <list of strings>]', why: 'empty by default' },
      { path: 'storage.trace.local.path', file: TEMPO_INDEX, needle: '[path: <string>]', why: 'local backend, empty by default' },
    ]);
    return {
      component: 'tempo',
      version,
      sources: [source(snap, manifest, 'every option with its default (generated by pkg/docsgen)'), ...extra],
      ...(snap.exactTag ? {} : { caveat: caveat(snap, `v${version}`, 'main is the 3.1 line (vParquet5 default, #7775, is in it; the 3.1 RC was cut from main on 2026-09-17)') }),
      complete: true,
      open: ['distributor.receivers', 'metrics_generator.registry.external_labels', 'metrics_generator.storage.remote_write'],
      keys: [...keys].sort(),
    };
  },
  loki(mirror) {
    const version = DEFAULT_VERSIONS.loki;
    const snap = snapshot(mirror, 'grafana/loki', `v${version}`, 'release-3.7.x');
    if (!snap) return undefined;
    const path = 'docs/sources/shared/configuration.md';
    const { keys, open } = parseCortexDoc(snap.show(path), 'Supported contents and default values of `loki.yaml`');
    return {
      component: 'loki',
      version,
      sources: [source(snap, path, 'generated by tools/doc-generator')],
      ...(snap.exactTag ? {} : { caveat: caveat(snap, `v${version}`, 'the 3.7 release branch after v3.7.6; patch releases do not change configuration keys') }),
      complete: true,
      open,
      keys,
    };
  },
  pyroscope(mirror) {
    const version = DEFAULT_VERSIONS.pyroscope;
    const snap = snapshot(mirror, 'grafana/pyroscope', `v${version}`, 'main');
    if (!snap) return undefined;
    const path = 'docs/sources/configure-server/reference-configuration-parameters/index.md';
    const parsed = parseCortexDoc(snap.show(path), 'Configuration parameters');
    const keys = new Set(parsed.keys);
    // Fields tagged doc:"hidden" are left out of the generated reference.
    const extra = addenda(snap, keys, [
      { path: 'limits.write_path', file: 'pkg/distributor/writepath/write_path.go', needle: 'yaml:"write_path"', why: 'hidden, inlined into limits (pkg/validation/limits.go)' },
      { path: 'limits.retention_period', file: 'pkg/metastore/index/cleaner/retention/retention.go', needle: 'yaml:"retention_period"', why: 'hidden, inlined into limits' },
      { path: 'metastore.raft.snapshots_dir', file: 'pkg/metastore/raftnode/node.go', needle: 'yaml:"snapshots_dir"', why: 'hidden' },
    ]);
    return {
      component: 'pyroscope',
      version,
      sources: [source(snap, path, 'generated by tools/doc-generator'), ...extra],
      ...(snap.exactTag ? {} : { caveat: caveat(snap, `v${version}`, 'main after v2.2.1, from which the 2.3 release branch was cut') }),
      complete: true,
      open: parsed.open,
      keys: [...keys].sort(),
    };
  },
  alloy(mirror) {
    const version = DEFAULT_VERSIONS.alloy;
    const snap = snapshot(mirror, 'grafana/alloy', `v${version}`, 'main');
    if (!snap) return undefined;
    const readShared = (lookup: string) => {
      try {
        return snap.show(`docs/sources/shared/${lookup}`);
      } catch {
        return undefined;
      }
    };
    const pages = [...snap.list('docs/sources/reference/components'), ...snap.list('docs/sources/reference/config-blocks')].filter((p) => p.endsWith('.md') && !p.endsWith('_index.md'));
    const keys = new Set<string>();
    for (const page of pages) for (const k of parseAlloyDoc(snap.show(page), readShared).keys) keys.add(k);
    return {
      component: 'alloy',
      version,
      sources: [
        source(snap, 'docs/sources/reference/components/**/*.md', 'component names, arguments and blocks'),
        source(snap, 'docs/sources/reference/config-blocks/*.md', 'top-level config blocks (logging)'),
      ],
      ...(snap.exactTag ? {} : { caveat: caveat(snap, `v${version}`, 'main after the 1.19 release, from which 1.20 was cut') }),
      complete: true,
      open: [],
      keys: [...keys].sort(),
    };
  },
  mimir(mirror) {
    const version = DEFAULT_VERSIONS.mimir;
    const snap = snapshot(mirror, 'grafana/mimir', `mimir-${version}`, undefined);
    if (!snap) return undefined;
    const path = 'cmd/mimir/config-descriptor.json';
    const { keys, open } = parseMimirDescriptor(snap.show(path));
    return { component: 'mimir', version, sources: [source(snap, path)], complete: true, open, keys };
  },
};

function main(): void {
  const args = process.argv.slice(2);
  const at = args.indexOf('--mirror');
  const mirror = resolve(at >= 0 ? args.splice(at, 2)[1]! : '/work/.mirror');
  const wanted = args.length ? args : Object.keys(BUILDERS);
  for (const name of wanted) {
    const build = BUILDERS[name];
    if (!build) throw new Error(`no reference builder for "${name}" (known: ${Object.keys(BUILDERS).join(', ')})`);
    const ref = build(mirror);
    const file = join(ROOT, 'test/reference', `${name}-${DEFAULT_VERSIONS[name as keyof typeof DEFAULT_VERSIONS]}.json`);
    if (!ref) {
      console.log(`${name}: no usable snapshot under ${mirror}; ${file} left as it is`);
      continue;
    }
    writeFileSync(file, `${JSON.stringify(ref, null, 2)}\n`);
    console.log(`${name}: ${ref.keys.length} keys from ${ref.sources[0]!.repo}@${ref.sources[0]!.ref}${ref.caveat ? ' (not the exact tag: see caveat)' : ''} -> ${file}`);
  }
}

main();
