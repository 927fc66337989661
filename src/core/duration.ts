/**
 * Prometheus-style durations (`30s`, `1h30m`, `15d`, `2w`), the format every component of
 * the stack accepts. Parsed to milliseconds so targets can re-express them (Tempo wants
 * hours, Kubernetes wants seconds).
 */
const UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

const DURATION = /^(?:\d+(?:ms|s|m|h|d|w|y))+$/;
const PART = /(\d+)(ms|s|m|h|d|w|y)/g;

export function isDuration(value: string): boolean {
  return DURATION.test(value);
}

export function parseDuration(value: string): number {
  if (!isDuration(value)) throw new Error(`not a duration: ${JSON.stringify(value)}`);
  let total = 0;
  for (const [, n, unit] of value.matchAll(PART)) total += Number(n) * UNITS[unit!]!;
  return total;
}

/** Hours, as Tempo and Loki's period fields want them (`168h`). */
export function toHours(value: string): string {
  return `${Math.max(1, Math.ceil(parseDuration(value) / UNITS.h!))}h`;
}
