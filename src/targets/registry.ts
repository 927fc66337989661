import type { TargetEntry } from './target.js';

/**
 * Every deployment target, in the order `render all` writes them. Adding one is a folder
 * with an `entry.ts` and one line here: the render command's choices, options and help,
 * the shells' completion, `check` and the golden tests all read this list. Entries are
 * loaded on demand, and they load their target's code only when it renders.
 */
export const TARGETS = {
  native: () => import('./native/entry.js'),
  systemd: () => import('./systemd/entry.js'),
  compose: () => import('./compose/entry.js'),
  kubernetes: () => import('./kubernetes/entry.js'),
  helm: () => import('./helm/entry.js'),
} as const satisfies Record<string, () => Promise<{ default: TargetEntry }>>;

export type TargetName = keyof typeof TARGETS;

export const TARGET_NAMES = Object.keys(TARGETS) as TargetName[];

export function isTargetName(name: string): name is TargetName {
  return Object.hasOwn(TARGETS, name);
}

/** The entry of one target. */
export async function targetEntry(name: TargetName): Promise<TargetEntry> {
  return (await TARGETS[name]()).default;
}

/** Every target's entry, in registry order. */
export function targetEntries(): Promise<TargetEntry[]> {
  return Promise.all(TARGET_NAMES.map(targetEntry));
}
