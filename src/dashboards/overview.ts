import { OVERVIEW_COMPONENTS, OVERVIEW_NAME_PLACEHOLDER } from './overview-facts.js';
import { OVERVIEW_VARIANTS } from './overview-variants.gen.js';

export { OVERVIEW_COMPONENTS, OVERVIEW_UID } from './overview-facts.js';

/**
 * The built-in "stack overview" dashboard. It is written with the Foundation SDK
 * (overview-builder.ts), but the SDK is hundreds of modules, several times Node's own start,
 * and the dashboard depends only on the stack's name and on which of a few components are
 * on. So `npm run gen:overview` has the SDK build it ahead of time for every set of those
 * components, with a placeholder where the name goes (overview-variants.gen.ts). A stack name
 * is a DNS label and the placeholder is not one, so filling it in gives exactly what the
 * builder gives for that name: test/unit/overview-variants.test.ts holds every set, several
 * names, and that the generated file is up to date.
 */
export function overviewDashboard(stackName: string, enabled: ReadonlySet<string>): Record<string, unknown> {
  const key = OVERVIEW_COMPONENTS.filter((c) => enabled.has(c)).join(',');
  const variant = OVERVIEW_VARIANTS[key];
  // gen:overview writes every set of OVERVIEW_COMPONENTS; a missing one is a stale file (the test says so).
  if (variant === undefined) throw new Error(`overview-variants.gen.ts has no variant "${key}": run npm run gen:overview`);
  return withName(variant, stackName) as Record<string, unknown>;
}

function withName(v: unknown, name: string): unknown {
  if (typeof v === 'string') return v.replaceAll(OVERVIEW_NAME_PLACEHOLDER, name);
  if (Array.isArray(v)) return v.map((x) => withName(x, name));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withName(x, name)]));
  return v;
}
