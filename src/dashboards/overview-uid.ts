/**
 * The uid of the built-in overview dashboard, apart from the dashboard itself so that code
 * which only names it (Grafana's home dashboard setting) does not load the Foundation SDK.
 */
export const OVERVIEW_UID = 'grafana-stack-overview';
