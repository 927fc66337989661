import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildOverviewDashboard } from '../../src/dashboards/overview-builder.js';
import { OVERVIEW_VARIANTS } from '../../src/dashboards/overview-variants.gen.js';
import { overviewVariants } from '../../src/dashboards/overview-variants-source.js';
import { OVERVIEW_COMPONENTS, overviewDashboard } from '../../src/dashboards/overview.js';
import { COMPONENT_LIST } from '../../src/components/registry.js';

/** A dashboard as the CLI keeps and writes it: JSON (the builder's objects carry methods, which JSON leaves out). */
const asJson = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

test('the generated overview variants are what the SDK builder gives now (else: npm run gen:overview)', () => {
  assert.deepEqual(OVERVIEW_VARIANTS, asJson(overviewVariants()), 'src/dashboards/overview-variants.gen.ts is out of date: run `npm run gen:overview`');
});

test('the overview from the variants is the builder\'s, for every set of components and any stack name', () => {
  const others = COMPONENT_LIST.map((c) => c.name).filter((n) => !(OVERVIEW_COMPONENTS as readonly string[]).includes(n));
  for (let mask = 0; mask < 1 << OVERVIEW_COMPONENTS.length; mask++) {
    const set = OVERVIEW_COMPONENTS.filter((_, i) => mask & (1 << i));
    // The other components must not change the dashboard: with all of them on too, it is the same.
    for (const enabled of [new Set<string>(set), new Set<string>([...set, ...others])]) {
      for (const name of ['a', 'grafana-stack', 'shop-2', 'x'.repeat(40)]) {
        assert.deepEqual(overviewDashboard(name, enabled), asJson(buildOverviewDashboard(name, enabled)), `${name} with ${[...enabled].join(', ')}`);
      }
    }
  }
});
