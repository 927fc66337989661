import { createHash, randomBytes } from 'node:crypto';

/** OTLP/JSON (the OTLP/HTTP JSON mapping) bodies verify sends to Tempo and to a collector. */

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const resource = { attributes: [str('service.name', 'grafana-stack-verify')] };
const scope = { name: 'grafana-stack' };

/**
 * The trace id of the span sent through a collector: derived from the run's trace id, so
 * it never matches the span sent to the backend directly (which would make the check pass
 * without the collector) and an earlier run's can be found again.
 */
export function viaTraceId(traceId: string, via: string): string {
  return createHash('sha256').update(`${via}:${traceId}`).digest('hex').slice(0, 32);
}

/** A finished span (hex ids, as the OTLP/HTTP JSON mapping requires) carrying the run id. */
export function otlpSpan(traceId: string, runId: string): unknown {
  const end = BigInt(Date.now()) * 1_000_000n;
  const span = {
    traceId,
    spanId: randomBytes(8).toString('hex'),
    name: 'verify',
    kind: 1,
    startTimeUnixNano: String(end - 5_000_000n),
    endTimeUnixNano: String(end),
    attributes: [str('verify.run', runId)],
  };
  return { resourceSpans: [{ resource, scopeSpans: [{ scope, spans: [span] }] }] };
}

/** One log record whose body carries `line`. */
export function otlpLog(line: string, runId: string): unknown {
  const now = String(BigInt(Date.now()) * 1_000_000n);
  return {
    resourceLogs: [
      {
        resource,
        scopeLogs: [
          {
            scope,
            logRecords: [{ timeUnixNano: now, observedTimeUnixNano: now, severityNumber: 9, severityText: 'INFO', body: { stringValue: line }, attributes: [str('verify.run', runId)] }],
          },
        ],
      },
    ],
  };
}

/** One gauge sample `name{run="<runId>"} 1`. */
export function otlpGauge(name: string, runId: string): unknown {
  const now = String(BigInt(Date.now()) * 1_000_000n);
  return {
    resourceMetrics: [
      {
        resource,
        scopeMetrics: [{ scope, metrics: [{ name, gauge: { dataPoints: [{ asDouble: 1, timeUnixNano: now, attributes: [str('run', runId)] }] } }] }],
      },
    ],
  };
}
