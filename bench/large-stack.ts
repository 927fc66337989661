/**
 * A large but realistic stack definition for the benchmark: at scale 1, 500 dashboards of 4
 * panels, 2000 rules in 100 groups and 200 scrape jobs; `scale` multiplies each count.
 */
export function largeStack(scale = 1): Record<string, unknown> {
  const dashboards = Array.from({ length: 500 * scale }, (_, d) => ({
    uid: `bench-${d}`,
    title: `Service ${d}`,
    panels: Array.from({ length: 4 }, (_, p) => ({
      id: p + 1,
      type: 'timeseries',
      title: `Panel ${p}`,
      targets: [{ refId: 'A', expr: `sum by (code) (rate(http_requests_total{service="svc-${d}",panel="${p}"}[$__rate_interval]))` }],
    })),
  }));
  const rules = Array.from({ length: 100 * scale }, (_, g) => ({
    name: `group-${g}`,
    rules: Array.from({ length: 20 }, (_, r) =>
      r % 2
        ? { alert: `Alert${g}_${r}`, expr: `sum(rate(errors_total{group="${g}"}[5m])) / sum(rate(requests_total{group="${g}"}[5m])) > 0.0${r}`, for: '5m' }
        : { record: `group${g}:requests:rate5m_${r}`, expr: `sum by (job) (rate(requests_total{group="${g}"}[5m]))` },
    ),
  }));
  const scrape = Array.from({ length: 200 * scale }, (_, j) => ({ job: `job-${j}`, targets: [`10.${Math.floor(j / 62500)}.${Math.floor(j / 250) % 250}.${j % 250}:9100`] }));
  return { name: 'large', prometheus: { scrape }, dashboards, rules };
}
