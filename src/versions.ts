import { COMPONENT_LIST, type Components } from './components/registry.js';

/**
 * The default version of every component, as its folder declares it (`version` in its
 * definition: the newest stable upstream release as of 2026-11-30; sources in
 * ../shared/UPSTREAM.md and beside each component's config code). A user overrides one with
 * `<component>.version`; the lock file (see `grafana-stack lock`) pins the official release
 * archives of whatever version is chosen.
 */
export const DEFAULT_VERSIONS = Object.fromEntries(COMPONENT_LIST.map((c) => [c.name, c.version])) as { readonly [K in ComponentName]: string };

export type ComponentName = keyof Components;
