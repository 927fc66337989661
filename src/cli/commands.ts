import type { CommandModule } from './command.js';
import { TARGET_NAMES } from '../targets/registry.js';

/**
 * Every command: its one-line summary, and how to load it. Loading is lazy so that
 * `--version` and `--help` stay instant; the options live in each command's `spec`.
 */
export interface CommandEntry {
  readonly summary: string;
  readonly hidden?: boolean;
  /**
   * Builds the stack from its definition on every run, so it runs most of the CLI's code:
   * it runs from the whole CLI script with V8's code cache (cli/whole-cli.ts).
   */
  readonly whole?: boolean;
  readonly load: () => Promise<CommandModule>;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  init: { summary: 'write a commented grafana-stack.config.ts', load: () => import('./commands/init.js') },
  config: { summary: 'print the resolved stack', load: () => import('./commands/config.js') },
  check: { summary: 'validate offline: schema, ports, queries, and the components\' own validators', whole: true, load: () => import('./commands/check.js') },
  schema: { summary: 'print the JSON Schema of the stack definition', load: () => import('./commands/schema.js') },
  render: { summary: `write a target's files: ${TARGET_NAMES.join(', ')} or all`, whole: true, load: () => import('./commands/render.js') },
  lock: { summary: 'pin every component\'s artifact in grafana-stack.lock.json', load: () => import('./commands/lock.js') },
  fetch: { summary: 'put pinned binaries into the store', load: () => import('./commands/fetch.js') },
  which: { summary: 'print the path of a component\'s binary in the store', load: () => import('./commands/which.js') },
  up: { summary: 'run the stack natively, ready-gated (--detach returns once ready)', load: () => import('./commands/up.js') },
  status: { summary: 'the running stack: per service pid, state, readiness, uptime, URL', load: () => import('./commands/status.js') },
  logs: { summary: 'print the native services\' logs', load: () => import('./commands/logs.js') },
  down: { summary: 'stop the native stack gracefully (data is kept)', load: () => import('./commands/down.js') },
  verify: { summary: 'push a metric, a log line and a trace; read each back through Grafana', load: () => import('./commands/verify.js') },
  images: { summary: 'build one reproducible OCI image per component', load: () => import('./commands/images.js') },
  compose: { summary: 'run the stack with Docker Compose (images built and loaded as needed)', load: () => import('./commands/compose.js') },
  k8s: { summary: 'deploy to Kubernetes with kubectl: apply, diff or delete', load: () => import('./commands/k8s.js') },
  shell: { summary: 'a shell (or `shell -- CMD`) with the stack\'s pinned tools on PATH and its URLs in the environment', load: () => import('./commands/shell.js') },
  env: { summary: 'print the environment of `shell` as export lines: eval "$(grafana-stack env)"', load: () => import('./commands/env.js') },
  open: { summary: 'print the URL of Grafana or a component, and open it where a desktop exists', load: () => import('./commands/open.js') },
  completion: { summary: 'print the completion script of bash, zsh or fish', load: () => import('./commands/completion.js') },
  supervise: { summary: 'the background supervisor of up --detach', hidden: true, load: () => import('./commands/supervise.js') },
};
