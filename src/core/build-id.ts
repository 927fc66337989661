declare const __GRAFANA_STACK_BUILD__: string | undefined;

/**
 * The bundled CLI's build: a hash of the compiled code it was bundled from, which
 * scripts/bundle-cli.mjs writes in as a constant. Its two forms (the split modules and the
 * whole CLI script, cli/whole-cli.ts) carry the same one, so what either keeps in the user's
 * cache, the other finds. Undefined in tsc's unbundled build and under tsx.
 */
export const BUNDLE_BUILD: string | undefined = typeof __GRAFANA_STACK_BUILD__ === 'string' ? __GRAFANA_STACK_BUILD__ : undefined;
