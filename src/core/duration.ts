/**
 * Prometheus-style durations (`30s`, `1h30m`, `15d`, `2w`): what Prometheus, Alertmanager,
 * Loki, Mimir and Pyroscope read (prometheus/common `model.ParseDuration`), held to the same
 * rules: units from the largest to the smallest (y w d h m s ms), each at most once, whole
 * numbers, `0` without a unit, at most ~292 years. Parsed to milliseconds so targets can
 * re-express them (Tempo and Go flags want hours, Kubernetes wants seconds).
 */
const UNITS: readonly (readonly [string, bigint])[] = [
  ['y', 31_536_000_000n],
  ['w', 604_800_000n],
  ['d', 86_400_000n],
  ['h', 3_600_000n],
  ['m', 60_000n],
  ['s', 1000n],
  ['ms', 1n],
];

/** time.Duration's range in milliseconds: model.ParseDuration refuses more ("duration out of range"). */
const MAX_MS = (1n << 63n) / 1_000_000n;

export type DurationResult = { readonly ok: true; readonly ms: number } | { readonly ok: false; readonly reason: string };

export function checkDuration(value: string): DurationResult {
  if (value === '0') return { ok: true, ms: 0 };
  if (value === '') return { ok: false, reason: 'empty duration' };
  let rest = value;
  let total = 0n;
  let last = -1;
  while (rest) {
    const m = /^(\d+)([a-z]+)/.exec(rest);
    if (!m) return { ok: false, reason: 'a duration is whole numbers, each followed by a unit: y, w, d, h, m, s or ms' };
    const at = UNITS.findIndex(([u]) => u === m[2]);
    if (at < 0) return { ok: false, reason: `unknown unit "${m[2]}" (units: y, w, d, h, m, s, ms)` };
    if (at <= last) return { ok: false, reason: 'units go from the largest to the smallest, each at most once (y w d h m s ms)' };
    last = at;
    total += BigInt(m[1]!) * UNITS[at]![1];
    if (total > MAX_MS) return { ok: false, reason: 'out of range (at most about 292 years)' };
    rest = rest.slice(m[0].length);
  }
  return { ok: true, ms: Number(total) };
}

export function isDuration(value: string): boolean {
  return checkDuration(value).ok;
}

export function parseDuration(value: string): number {
  const r = checkDuration(value);
  if (!r.ok) throw new Error(`not a duration: ${JSON.stringify(value)} (${r.reason})`);
  return r.ms;
}

/** Hours, as Tempo and Loki's period fields want them (`168h`). */
export function toHours(value: string): string {
  return `${Math.max(1, Math.ceil(parseDuration(value) / 3_600_000))}h`;
}
