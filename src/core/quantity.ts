/**
 * Kubernetes resource quantities (`500m`, `2`, `512Mi`, `1.5Gi`, `1G`), parsed once, here,
 * for every use: the schema refuses what this refuses, and every target converts from the
 * same exact numbers (Compose `cpus`, systemd `CPUQuota`/`MemoryMax`, Prometheus' byte units).
 *
 * The grammar is apimachinery's `resource.ParseQuantity` without a sign or an exponent:
 * a decimal number and one suffix. Which suffixes make sense depends on what is measured:
 * CPU is cores (`2`, `1.5`) or millicores (`500m`); memory and storage are bytes (`512Mi`,
 * `1G`, `1073741824`), never milli-bytes. Values are exact (BigInt arithmetic): `0.1Gi` is
 * refused as a fraction of a byte instead of rounded somewhere downstream.
 */

export type QuantityKind = 'cpu' | 'memory' | 'storage';

const BINARY: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL: Record<string, bigint> = { '': 1n, k: 10n ** 3n, M: 10n ** 6n, G: 10n ** 9n, T: 10n ** 12n, P: 10n ** 15n, E: 10n ** 18n };
const QUANTITY = /^(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$/;

/** Docker refuses a memory limit below 6 MiB, and no component of the stack starts in less. */
export const MIN_MEMORY_BYTES = 6 * 1024 * 1024;

/** A parsed quantity: millicores for CPU, bytes for memory and storage. */
export type Quantity = { readonly kind: 'cpu'; readonly millicores: number } | { readonly kind: 'memory' | 'storage'; readonly bytes: number };

export type QuantityResult = { readonly ok: true; readonly value: Quantity } | { readonly ok: false; readonly reason: string };

const EXAMPLES: Record<QuantityKind, string> = {
  cpu: 'a CPU quantity such as "2", "1.5" or "500m"',
  memory: 'a memory quantity such as "512Mi" or "2Gi"',
  storage: 'a storage quantity such as "10Gi" or "500Mi"',
};

/** What a quantity of this kind looks like, for messages. */
export function quantityExample(kind: QuantityKind): string {
  return EXAMPLES[kind];
}

/** Parses `text` as a quantity of `kind`; the reason says what is wrong (without the value). */
export function parseQuantity(text: string, kind: QuantityKind): QuantityResult {
  const m = QUANTITY.exec(text);
  if (!m) return { ok: false, reason: `expected ${EXAMPLES[kind]}` };
  const [, number, suffix = ''] = m;
  const [whole = '', frac = ''] = number!.split('.');
  // number = digits / 10^scale, exactly.
  const digits = BigInt(`${whole}${frac}` || '0');
  const scale = 10n ** BigInt(frac.length);
  if (kind === 'cpu') {
    if (suffix !== '' && suffix !== 'm') {
      return { ok: false, reason: `"${suffix}" is not a CPU unit: CPU is counted in cores ("2", "0.5") or millicores ("500m")` };
    }
    const milli = suffix === 'm' ? digits : digits * 1000n;
    if (milli % scale !== 0n) return { ok: false, reason: 'CPU is counted in whole millicores (1m = 0.001 cores) at the finest' };
    const millicores = Number(milli / scale);
    if (millicores < 1) return { ok: false, reason: 'a CPU limit must be at least 1m' };
    return { ok: true, value: { kind, millicores } };
  }
  const mult = BINARY[suffix] ?? DECIMAL[suffix];
  if (mult === undefined) {
    return {
      ok: false,
      reason: `"${suffix}" is not a byte unit: ${suffix === 'm' ? '"m" means thousandths (milli-bytes); ' : ''}use Ki, Mi, Gi, Ti (powers of 1024) or k, M, G, T (powers of 1000)`,
    };
  }
  const total = digits * mult;
  if (total % scale !== 0n) return { ok: false, reason: 'not a whole number of bytes' };
  const bytes = Number(total / scale);
  if (bytes <= 0) return { ok: false, reason: `${kind === 'memory' ? 'a memory limit' : 'a volume size'} must be more than zero` };
  if (kind === 'memory' && bytes < MIN_MEMORY_BYTES) return { ok: false, reason: 'a memory limit below 6Mi is refused by Docker and starts no component of the stack' };
  return { ok: true, value: { kind, bytes } };
}

/** Millicores of a CPU quantity that the schema accepted (throws on anything else: a bug). */
export function millicores(text: string): number {
  const r = parseQuantity(text, 'cpu');
  if (!r.ok || r.value.kind !== 'cpu') throw new Error(`not a CPU quantity: ${JSON.stringify(text)}`);
  return r.value.millicores;
}

/**
 * Bytes of a memory or storage quantity that the schema accepted (throws on anything else:
 * a bug). No minimum here: a derived request (half the limit) may be below a limit's minimum.
 */
export function bytesOf(text: string): number {
  const r = parseQuantity(text, 'storage');
  if (!r.ok || r.value.kind === 'cpu') throw new Error(`not a byte quantity: ${JSON.stringify(text)}`);
  return r.value.bytes;
}

const POWERS_OF_1024 = ['', 'K', 'M', 'G', 'T', 'P', 'E'] as const;

/**
 * Bytes in the largest power-of-1024 unit that expresses them exactly: `[1536, 'M']` for
 * 1.5 GiB, `[123, '']` when no unit divides them. Each target adds its own spelling.
 */
export function base2Units(bytes: number): readonly [number, (typeof POWERS_OF_1024)[number]] {
  let n = BigInt(bytes);
  let i = 0;
  while (i < POWERS_OF_1024.length - 1 && n > 0n && n % 1024n === 0n) {
    n /= 1024n;
    i++;
  }
  return [Number(n), POWERS_OF_1024[i]!];
}
