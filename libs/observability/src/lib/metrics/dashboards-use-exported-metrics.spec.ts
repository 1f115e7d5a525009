import { MetricsService } from '@strata/platform';
import { PassThroughCache } from '@strata/tiers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CacheMetrics } from './cache-metrics';
import { registerWarmingMetrics } from './warming-metrics';

const DOCKER = join(__dirname, '../../../../../docker');

/** Every series name the api renders on /metrics: Node's defaults, HTTP durations and Strata's. */
async function exportedNames(): Promise<Set<string>> {
  const service = new MetricsService();
  new CacheMetrics(service.registry, {
    stats: () => new PassThroughCache().stats(),
    statements: () => 0,
  });
  registerWarmingMetrics(service.registry, {
    stats: () => ({ strategies: {}, queued: 0, queueCapacity: 1, running: 0 }),
    scheduled: () => ({}),
  });
  const names = new Set<string>();
  for (const metric of await service.registry.getMetricsAsJSON()) {
    names.add(metric.name);
    if (String(metric.type) === 'histogram') {
      ['_bucket', '_sum', '_count'].forEach((suffix) => names.add(`${metric.name}${suffix}`));
    }
  }
  return names;
}

/** Metric names an expression reads: identifiers followed by a selector, a range or a grouping. */
function metricsIn(expression: string): string[] {
  const withoutStrings = expression.replace(/"[^"]*"/g, '""');
  const functions =
    /^(sum|max|min|avg|rate|increase|histogram_quantile|by|ignoring|group_left|on|without)$/;
  return [...withoutStrings.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?=\{|\[|\)|$|\s*[/<>+*-])/g)]
    .map(([, name]) => name)
    .filter(
      (name) => !functions.test(name) && !/^(le|tier|type|instance|strategy|state)$/.test(name),
    );
}

describe('what Grafana and Prometheus are given reads what Strata exports', () => {
  it('every panel of docker/grafana/strata-dashboard.json queries only metrics Strata exports', async () => {
    const exported = await exportedNames();
    const dashboard = JSON.parse(
      readFileSync(join(DOCKER, 'grafana/strata-dashboard.json'), 'utf8'),
    );
    expect(dashboard.uid).toBe('strata-cache');
    expect(dashboard.panels.length).toBeGreaterThanOrEqual(10);
    const unknown: string[] = [];
    for (const panel of dashboard.panels) {
      expect(panel.targets.length).toBeGreaterThan(0);
      for (const { expr } of panel.targets) {
        const names = metricsIn(expr);
        expect(names.length).toBeGreaterThan(0);
        // ALERTS is Prometheus's own series of its alerts.
        unknown.push(
          ...names
            .filter((name) => name !== 'ALERTS' && !exported.has(name))
            .map((name) => `${panel.title}: ${name}`),
        );
      }
    }
    expect(unknown).toEqual([]);
  });

  it('every rule of docker/prometheus/alerts.yml reads only metrics Strata exports', async () => {
    const exported = await exportedNames();
    const rules = readFileSync(join(DOCKER, 'prometheus/alerts.yml'), 'utf8');
    const expressions = [...rules.matchAll(/expr: (?:\|\n((?:\s{10}.*\n)+)|(.*)\n)/g)].map(
      ([, block, line]) => block ?? line,
    );
    expect(expressions).toHaveLength(4);
    const names = expressions.flatMap(metricsIn);
    expect(names.length).toBeGreaterThan(4);
    expect(names.filter((name) => !exported.has(name))).toEqual([]);
  });

  it('tells a name Strata does not export', () => {
    expect(metricsIn('sum(rate(strata_cache_nothing_total{tier="hot"}[5m]))')).toEqual([
      'strata_cache_nothing_total',
    ]);
  });
});
