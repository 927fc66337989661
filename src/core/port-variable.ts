/**
 * The variable that overrides a component's port (`GRAFANA_STACK_GRAFANA_PORT`,
 * `GRAFANA_STACK_TEMPO_PORTS_OTLP_HTTP`): what {@link envOverrides} reads, and what the
 * Compose file interpolates in its published ports.
 */
export function portVariable(component: string, port: string): string {
  const word = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  return `GRAFANA_STACK_${word(component)}_${port === 'http' ? 'PORT' : `PORTS_${word(port)}`}`;
}
