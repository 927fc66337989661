import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeWriteRequest, snappyLiteral, varint } from '../../src/verify/remote-write.js';
import { withOverrides } from '../../src/verify/endpoints.js';

test('varints encode as protobuf does', () => {
  assert.deepEqual([...varint(1n)], [1]);
  assert.deepEqual([...varint(300n)], [0xac, 0x02]);
  assert.deepEqual([...varint(1_700_000_000_000n)], [0x80, 0xd0, 0x95, 0xff, 0xbc, 0x31]);
});

test('a WriteRequest has sorted labels and the sample fields in order', () => {
  const bytes = encodeWriteRequest([{ labels: { job: 'j', __name__: 'm' }, value: 1, timestampMs: 2 }]);
  const hex = Buffer.from(bytes).toString('hex');
  // timeseries(1) { labels(1){name:"__name__" value:"m"} labels(1){name:"job" value:"j"} samples(2){value:1.0 ts:2} }
  const label = (n: string, v: string) => `0a${(4 + n.length + v.length).toString(16).padStart(2, '0')}0a${n.length.toString(16).padStart(2, '0')}${Buffer.from(n).toString('hex')}12${v.length.toString(16).padStart(2, '0')}${Buffer.from(v).toString('hex')}`;
  const body = `${label('__name__', 'm')}${label('job', 'j')}120b09000000000000f03f1002`;
  assert.equal(hex, `0a${(body.length / 2).toString(16)}${body}`);
});

test('snappy literal framing: length preamble, then literal tags (short, 2-byte, chunked)', () => {
  assert.deepEqual([...snappyLiteral(Uint8Array.of(7, 8))], [2, 1 << 2, 7, 8]);
  const big = new Uint8Array(70_000).fill(1);
  const out = snappyLiteral(big);
  assert.deepEqual([...out.subarray(0, 3)], [...varint(70_000n)]);
  assert.deepEqual([...out.subarray(3, 6)], [61 << 2, 0xff, 0xff]);
  assert.equal(out.length, 3 + 3 + 65536 + 3 + (70_000 - 65536));
});

test('--url overrides: name=URL, a bare URL means Grafana, unknown names are errors', () => {
  const base = { grafana: 'http://127.0.0.1:3000', loki: 'http://127.0.0.1:3100' };
  assert.deepEqual(withOverrides(base, ['http://g:3000/', 'loki=http://l:3100']), { grafana: 'http://g:3000', loki: 'http://l:3100' });
  assert.throws(() => withOverrides(base, ['loki=nope']), /"nope" is not a URL/);
});
