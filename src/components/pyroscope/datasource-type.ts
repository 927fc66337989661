/**
 * Grafana's datasource type for Pyroscope: `grafana-pyroscope-datasource` since Grafana 10.1
 * (10.0 called it `phlare`; Grafana 13 knows only the new id). Its own module so verify's
 * profile check can name it without loading the component.
 */
export const PYROSCOPE_DATASOURCE_TYPE = 'grafana-pyroscope-datasource';
