/**
 * kube-prometheus-stack, the chart `render kubernetes` is compared with, assembled the way
 * `helm dependency build` would leave it (its dependencies unpacked under `charts/`) from
 * git clones of its two source repositories (both Apache-2.0, chart YAML only) at pinned
 * commits, into the cache: `helm repo add` and the chart repositories are not reachable
 * everywhere the bench runs.
 *
 *   node --import tsx bench/kube-prometheus-stack.ts PROMETHEUS_COMMUNITY_HELM_CHARTS_GIT GRAFANA_COMMUNITY_HELM_CHARTS_GIT
 *
 * assembles it (each argument a clone, or a bare git directory, of
 * github.com/prometheus-community/helm-charts and github.com/grafana-community/helm-charts);
 * the bench then finds it in the cache.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The chart and the commits its parts come from: kube-prometheus-stack 88.5.3 and the dependency versions its Chart.yaml asks for. */
export const KPS = {
  version: '88.5.3',
  prometheusCommunity: { commit: 'cf408a290aec489277a94450bb3511432477a53a', charts: ['kube-state-metrics', 'prometheus-node-exporter', 'prometheus-windows-exporter'] },
  // The grafana chart moved from grafana/helm-charts to grafana-community/helm-charts (12.x); kube-prometheus-stack 88 requires 12.11.1.
  grafanaCommunity: { commit: '3386a1156177c6bcd7fdb1ad4c6b1dda094296e0', charts: ['grafana'] },
} as const;

/** Where the assembled chart lives: the grafana-stack cache, beside the store. */
export function kpsChartDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'grafana-stack', 'bench', `kube-prometheus-stack-${KPS.version}`);
}

/** The assembled chart's directory, or why there is none. */
export function kpsChart(): { dir: string } | { why: string } {
  const dir = kpsChartDir();
  if (existsSync(join(dir, 'Chart.yaml'))) return { dir };
  return {
    why: `kube-prometheus-stack ${KPS.version} is not assembled in ${dir} (the chart repositories are not reachable here; assemble it from git clones with \`node --import tsx bench/kube-prometheus-stack.ts <prometheus-community/helm-charts> <grafana-community/helm-charts>\`)`,
  };
}

/** Unpacks `charts/<name>` of a git repository at `commit` into `dest/<name>`. */
function unpack(git: string, commit: string, name: string, dest: string): void {
  mkdirSync(dest, { recursive: true });
  const archive = execFileSync('git', ['--git-dir', gitDir(git), 'archive', '--format=tar', commit, `charts/${name}`], { maxBuffer: 256 << 20 });
  execFileSync('tar', ['-x', '-C', dest, '--strip-components=1'], { input: archive });
}

function gitDir(path: string): string {
  return existsSync(join(path, '.git')) ? join(path, '.git') : path;
}

/** Assembles the chart into the cache (atomically: a half-written chart is never found). */
export function assembleKps(prometheusCommunity: string, grafanaCommunity: string): string {
  const dir = kpsChartDir();
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  unpack(prometheusCommunity, KPS.prometheusCommunity.commit, 'kube-prometheus-stack', tmp);
  const chart = join(tmp, 'kube-prometheus-stack');
  // Its crds subchart is in the repository already (charts/crds); the others as `helm dependency build` vendors them.
  for (const name of KPS.prometheusCommunity.charts) unpack(prometheusCommunity, KPS.prometheusCommunity.commit, name, join(chart, 'charts'));
  for (const name of KPS.grafanaCommunity.charts) unpack(grafanaCommunity, KPS.grafanaCommunity.commit, name, join(chart, 'charts'));
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, '..'), { recursive: true });
  renameSync(chart, dir);
  rmSync(tmp, { recursive: true, force: true });
  return dir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [pc, gc] = process.argv.slice(2);
  if (!pc || !gc) {
    console.error('usage: node --import tsx bench/kube-prometheus-stack.ts <prometheus-community/helm-charts git> <grafana-community/helm-charts git>');
    process.exit(64);
  }
  console.log(`kube-prometheus-stack ${KPS.version} assembled in ${assembleKps(pc, gc)}`);
}
