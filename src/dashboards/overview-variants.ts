/**
 * The built-in overview dashboard without the Foundation SDK: overview-variants.gen.ts holds
 * what the SDK builds (overview-builder.ts) for every set of the components the dashboard
 * depends on, with a placeholder where the stack's name goes. A stack name is a DNS label
 * and the placeholder is not one, so filling it in gives exactly what the builder gives for
 * that name (test/unit/overview-variants.test.ts holds every set, several names, and that
 * the generated file is up to date).
 */

/** The components whose presence changes the overview, in the order of the variants' keys. */
export const OVERVIEW_COMPONENTS = ['loki', 'prometheus', 'tempo'] as const;

export const OVERVIEW_NAME_PLACEHOLDER = '__STACK_NAME__';

/** The overview of a stack named `stackName` with these components, from the generated variants. */
export async function overviewFromVariants(stackName: string, enabled: ReadonlySet<string>): Promise<Record<string, unknown> | undefined> {
  const { OVERVIEW_VARIANTS } = await import('./overview-variants.gen.js');
  const variant = OVERVIEW_VARIANTS[OVERVIEW_COMPONENTS.filter((c) => enabled.has(c)).join(',')];
  return variant === undefined ? undefined : (withName(variant, stackName) as Record<string, unknown>);
}

function withName(v: unknown, name: string): unknown {
  if (typeof v === 'string') return v.replaceAll(OVERVIEW_NAME_PLACEHOLDER, name);
  if (Array.isArray(v)) return v.map((x) => withName(x, name));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withName(x, name)]));
  return v;
}
