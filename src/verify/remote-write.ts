/**
 * A Prometheus remote-write 1.0 request (protobuf WriteRequest, snappy block format) for a
 * few samples, encoded by hand: the verify check needs no protobuf or snappy dependency.
 */
export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
  readonly timestampMs: number;
}

export function encodeWriteRequest(samples: readonly Sample[]): Uint8Array {
  const series = samples.map((s) => {
    const labels = Object.entries(s.labels)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([name, value]) => field(1, concat([field(1, utf8(name)), field(2, utf8(value))])));
    const sample = concat([tag(1, 1), float64(s.value), tag(2, 0), varint(BigInt(s.timestampMs))]);
    return field(1, concat([...labels, field(2, sample)]));
  });
  return concat(series);
}

/** Snappy block format with literal elements only: valid input for any snappy decoder. */
export function snappyLiteral(data: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [varint(BigInt(data.length))];
  for (let i = 0; i < data.length; i += 65536) {
    const chunk = data.subarray(i, i + 65536);
    const n = chunk.length - 1;
    parts.push(n < 60 ? Uint8Array.of(n << 2) : Uint8Array.of(61 << 2, n & 0xff, n >> 8), chunk);
  }
  return concat(parts);
}

/** Headers remote-write 1.0 receivers require. */
export const REMOTE_WRITE_HEADERS = {
  'Content-Type': 'application/x-protobuf',
  'Content-Encoding': 'snappy',
  'X-Prometheus-Remote-Write-Version': '0.1.0',
};

function tag(fieldNo: number, wireType: number): Uint8Array {
  return varint(BigInt((fieldNo << 3) | wireType));
}

function field(fieldNo: number, bytes: Uint8Array): Uint8Array {
  return concat([tag(fieldNo, 2), varint(BigInt(bytes.length)), bytes]);
}

export function varint(v: bigint): Uint8Array {
  const out: number[] = [];
  let x = BigInt.asUintN(64, v);
  do {
    let b = Number(x & 0x7fn);
    x >>= 7n;
    if (x) b |= 0x80;
    out.push(b);
  } while (x);
  return Uint8Array.from(out);
}

function float64(v: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, v, true);
  return b;
}

function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
