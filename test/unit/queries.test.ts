import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkQuery } from '../../src/queries/syntax.js';
import { interpolate } from '../../src/queries/interpolate.js';

test('valid queries in the three languages pass', async () => {
  assert.equal(await checkQuery('promql', 'histogram_quantile(0.95, sum by (le) (rate(x_bucket[5m])))'), undefined);
  assert.equal(await checkQuery('logql', '{service_name="api"} |= "error" | json | line_format "{{.msg}}"'), undefined);
  assert.equal(await checkQuery('traceql', '{ resource.service.name = "api" && span.http.status_code >= 500 } | count() > 2'), undefined);
});

test('Grafana variables are accepted where they stand for durations, matchers and values', async () => {
  assert.equal(await checkQuery('promql', 'sum(rate(x{job=~"$job"}[$__rate_interval])) by ($groupby)'), undefined);
  assert.equal(await checkQuery('promql', 'rate(x[${interval}]) > $threshold'), undefined);
  assert.equal(await checkQuery('promql', 'sum(rate(traces_spanmetrics_calls_total{$__tags}[5m]))'), undefined);
  assert.equal(await checkQuery('logql', '{${__tags}} | trace_id="${__trace.traceId}"'), undefined);
});

test('errors give line and column in the original text, after variables', async () => {
  const p = await checkQuery('promql', 'rate(x[$__rate_interval]) +');
  assert.ok(p);
  assert.equal(p.line, 1);
  assert.equal(p.column, 28);
  const multi = await checkQuery('logql', '{job="a"}\n  | json\n  | = "x"');
  assert.ok(multi);
  assert.equal(multi.line, 3);
  assert.match(multi.message, /LogQL syntax error at 3:\d+/);
});

test('an empty query is an error', async () => {
  assert.match((await checkQuery('traceql', '  '))!.message, /TraceQL query is empty/);
});

test('interpolation maps positions back across replacements', () => {
  const i = interpolate('a[$__interval] + $x');
  assert.equal(i.text, 'a[1m] + grafana_variable');
  assert.equal(i.toOriginal(0), 0);
  assert.equal(i.toOriginal(5), 14);
  assert.equal(i.toOriginal(8), 17);
});
