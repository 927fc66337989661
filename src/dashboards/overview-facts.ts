/**
 * Facts of the built-in overview dashboard, apart from the dashboard itself: code that only
 * names it (Grafana's home dashboard setting) or builds its variants (gen:overview) loads
 * neither the variants nor the Foundation SDK.
 */
export const OVERVIEW_UID = 'grafana-stack-overview';

/** The components whose presence changes the overview, in the order of the variants' keys. */
export const OVERVIEW_COMPONENTS = ['loki', 'prometheus', 'tempo'] as const;

/** Where the stack's name goes in a variant: not a DNS label, so no stack is named so. */
export const OVERVIEW_NAME_PLACEHOLDER = '__STACK_NAME__';
