import { test } from 'node:test';
import assert from 'node:assert/strict';
import { probeInterval } from '../../src/run/service-process.js';

/**
 * The readiness probe schedule: a service that became ready is noticed at most about 5% of
 * the time already waited late (10 ms at first), and probes never come further apart than
 * the service's own period or 250 ms.
 */
test('readiness probes come often at first, then at most every period (or 250 ms)', () => {
  assert.equal(probeInterval(0, 10_000), 10);
  assert.equal(probeInterval(100, 10_000), 10);
  assert.equal(probeInterval(600, 10_000), 30);
  assert.equal(probeInterval(2000, 10_000), 100);
  assert.equal(probeInterval(60_000, 10_000), 250);
  assert.equal(probeInterval(60_000, 50), 50, 'a period shorter than 250 ms bounds the wait');
  for (let t = 0; t < 120_000; t += 37) {
    const w = probeInterval(t, 1000);
    assert.ok(w >= 1 && w <= 250, `wait ${w} ms at ${t} ms`);
    assert.ok(w <= Math.max(10, t / 20 + 1), `wait ${w} ms at ${t} ms is more than 5% late`);
  }
});
