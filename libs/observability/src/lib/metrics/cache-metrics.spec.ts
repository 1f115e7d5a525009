import { StatementCounter } from '@strata/database';
import {
  type BusStats,
  FakeClock,
  FixedPlacementPolicy,
  HotTier,
  InProcessInvalidationBus,
  TieredCache,
} from '@strata/tiers';
import { Registry } from 'prom-client';
import { CacheMetrics } from './cache-metrics';

async function setUp() {
  const clock = new FakeClock();
  const hot = new HotTier({ clock });
  const statements = new StatementCounter();
  const cache = new TieredCache({
    hot,
    placement: new FixedPlacementPolicy({ task: { tier: 'hot', ttlSeconds: 60 } }),
    bus: new InProcessInvalidationBus(),
    clock,
    loadCostMeter: statements,
  });
  const registry = new Registry();
  const metrics = new CacheMetrics(registry, {
    stats: () => cache.stats(),
    statements: () => statements.count,
  });
  cache.observe(metrics);
  const load = async () => {
    statements.logQuery();
    statements.logQuery();
    return { title: 'x' };
  };
  const value = async (name: string, labels: Record<string, string> = {}) => {
    const metric = (await registry.getMetricsAsJSON()).find((each) => each.name === name);
    const matching = (metric?.values ?? []).filter(
      (sample) =>
        !String((sample as { metricName?: string }).metricName ?? '').endsWith('_bucket') &&
        Object.entries(labels).every(([label, wanted]) => String(sample.labels[label]) === wanted),
    );
    return matching.reduce((sum, sample) => sum + sample.value, 0);
  };
  return { cache, hot, load, value, registry };
}

describe('CacheMetrics', () => {
  it('counts answers by tier and type, the statements the hits saved and the source ran', async () => {
    const { cache, hot, load, value } = await setUp();
    await cache.getOrLoad('task:1', load, { type: 'task', dependencies: ['task:1'] });
    for (let read = 0; read < 3; read++) {
      await cache.getOrLoad('task:1', load, { type: 'task', dependencies: ['task:1'] });
    }
    const stats = await cache.stats();

    expect(await value('strata_cache_requests_total', { tier: 'miss', type: 'task' })).toBe(1);
    expect(await value('strata_cache_requests_total', { tier: 'hot', type: 'task' })).toBe(3);
    expect(await value('strata_cache_requests_total')).toBe(stats.requests);
    expect(await value('strata_cache_statements_saved_total', { type: 'task' })).toBe(6);
    expect(await value('strata_source_statements_total')).toBe(2);
    expect(await value('strata_source_loads_total', { type: 'task' })).toBe(stats.loads);
    expect(await value('strata_cache_bytes', { tier: 'hot', type: 'task' })).toBe(
      stats.types['task']?.tiers.hot.bytes,
    );
    expect(await value('strata_cache_budget_bytes', { tier: 'hot', type: 'task' })).toBe(
      50 * 1024 * 1024,
    );
    hot.close();
  });

  it('counts the bytes leaving the hot tier by reason and whether they were read again', async () => {
    const { cache, hot, load, value } = await setUp();
    await cache.getOrLoad('task:1', load, { type: 'task', dependencies: ['task:1'] });
    await cache.getOrLoad('task:1', load, { type: 'task', dependencies: ['task:1'] });
    await cache.getOrLoad('task:2', load, { type: 'task', dependencies: ['task:2'] });
    const bytes = (await cache.stats()).tiers.hot.bytes;
    await cache.invalidateType('task');

    expect(await value('strata_cache_hot_departed_bytes_total', { reason: 'invalidated' })).toBe(
      bytes,
    );
    expect(await value('strata_cache_hot_departed_bytes_total', { read: 'true' })).toBe(bytes / 2);
    hot.close();
  });

  it('exports the invalidation bus: its counters by event, its state and its last lag', async () => {
    const { cache, hot } = await setUp();
    const registry = new Registry();
    const bus: BusStats = {
      transport: 'redis',
      state: 'degraded',
      stateSince: 0,
      published: 7,
      publishFailures: 1,
      received: 5,
      gaps: 2,
      originsLost: 1,
      reconnects: 3,
      hotDrops: 4,
      malformed: 0,
      lastLagMs: 12,
      origins: 1,
    };
    new CacheMetrics(registry, {
      stats: async () => ({ ...(await cache.stats()), bus }),
      statements: () => 0,
    });
    const text = await registry.metrics();
    for (const line of [
      'strata_bus_events_total{event="published"} 7',
      'strata_bus_events_total{event="publish_failed"} 1',
      'strata_bus_events_total{event="received"} 5',
      'strata_bus_events_total{event="gap"} 2',
      'strata_bus_events_total{event="origin_lost"} 1',
      'strata_bus_events_total{event="reconnected"} 3',
      'strata_bus_events_total{event="hot_dropped"} 4',
      'strata_bus_state{state="degraded"} 1',
      'strata_bus_state{state="up"} 0',
      'strata_bus_lag_seconds 0.012',
    ]) {
      expect(text).toContain(line);
    }
    hot.close();
  });

  it('renders Prometheus names with bounded labels: no key or id among them', async () => {
    const { cache, hot, load, registry } = await setUp();
    await cache.getOrLoad('task:secret-id', load, {
      type: 'task',
      dependencies: ['task:secret-id'],
    });
    const text = await registry.metrics();
    expect(text).not.toContain('secret-id');
    const names = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name, type]) => [
      name,
      type,
    ]);
    for (const [name, type] of names) {
      expect(name).toMatch(/^strata_/);
      if (type === 'counter') expect(name).toMatch(/_total$/);
    }
    expect(names.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'strata_cache_resolve_duration_seconds',
        'strata_cache_evictions_total',
        'strata_cache_promotions_total',
        'strata_cache_demotions_total',
        'strata_cache_circuit_state',
      ]),
    );
    hot.close();
  });
});
