import { COMPONENT_LIST } from '../components/registry.js';
import type { OtlpSignal } from '../components/component.js';
import { localUrl } from '../resolve/addresses.js';
import type { Stack } from '../model/stack.js';

const SIGNALS: readonly OtlpSignal[] = ['traces', 'metrics', 'logs'];

/**
 * The OpenTelemetry SDK variables for apps started in `shell` (or after `env`): for each
 * signal, the OTLP/HTTP intake of an enabled component, a collector (Alloy) before a
 * backend's own receiver (Tempo).
 *
 * The SDKs give a signal-specific variable (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) precedence
 * over the generic OTEL_EXPORTER_OTLP_ENDPOINT. So the two are never mixed for one signal:
 * when one intake takes every signal, only the generic endpoint is set (the SDK appends
 * `/v1/<signal>`), and no signal-specific variable can send traces past the collector;
 * otherwise each signal that has an intake gets its own endpoint (used as is, so the path
 * is included) and protocol. Decided here, from what the components declare, so no
 * component needs to know about another and every target's environment agrees.
 */
export function otelEnvironment(stack: Stack): [name: string, value: string][] {
  const enabled = COMPONENT_LIST.filter((d) => d.otlpIntake && stack.components[d.name]);
  const chosen = new Map<OtlpSignal, { component: string; port: string }>();
  for (const signal of SIGNALS) {
    const takers = enabled.filter((d) => d.otlpIntake!.signals.includes(signal));
    const pick = takers.find((d) => d.otlpIntake!.collector) ?? takers[0];
    if (pick) chosen.set(signal, { component: pick.name, port: pick.otlpIntake!.port });
  }
  const intakes = new Set([...chosen.values()].map((c) => `${c.component}/${c.port}`));
  if (chosen.size === SIGNALS.length && intakes.size === 1) {
    const { component, port } = chosen.get('traces')!;
    return [
      ['OTEL_EXPORTER_OTLP_ENDPOINT', localUrl(stack, component, port)!],
      ['OTEL_EXPORTER_OTLP_PROTOCOL', 'http/protobuf'],
    ];
  }
  return [...chosen].flatMap(([signal, { component, port }]): [string, string][] => [
    [`OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_ENDPOINT`, localUrl(stack, component, port, `/v1/${signal}`)!],
    [`OTEL_EXPORTER_OTLP_${signal.toUpperCase()}_PROTOCOL`, 'http/protobuf'],
  ]);
}
