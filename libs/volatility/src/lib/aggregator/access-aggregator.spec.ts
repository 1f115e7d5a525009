import { resolveVolatilityConfig } from '../volatility-config';
import { AccessAggregator } from './access-aggregator';

const capacity = { keys: 10_000, users: 1_000, pendingCounters: 20_000 };

describe('AccessAggregator', () => {
  it('stays within its bounds under a million distinct keys, and counts what it dropped', () => {
    const aggregator = new AccessAggregator(resolveVolatilityConfig({ capacity }));
    for (let index = 0; index < 1_000_000; index++) {
      aggregator.recordAccess(`task:k${index}`, `u${index % 5_000}`, 1_700_000_000_000 + index);
    }
    const sizes = aggregator.sizes();
    expect(sizes.keys).toBe(capacity.keys);
    expect(sizes.users).toBe(capacity.users);
    expect(sizes.dirtyKeys).toBeLessThanOrEqual(capacity.keys);
    for (const pending of [
      sizes.evictedPending,
      sizes.keyHours,
      sizes.readAfter,
      sizes.typeHours,
    ]) {
      expect(pending).toBeLessThanOrEqual(capacity.pendingCounters);
    }
    expect(sizes.logins).toBeLessThanOrEqual(capacity.users);
    // Nobody flushed during the loop, so most counters had to be refused rather than kept.
    expect(aggregator.dropped()).toBeGreaterThan(0);
    const batch = aggregator.drain();
    expect(batch.keyStats.length).toBeLessThanOrEqual(capacity.keys + capacity.pendingCounters);
    expect(aggregator.sizes()).toMatchObject({
      dirtyKeys: 0,
      evictedPending: 0,
      keyHours: 0,
      readAfter: 0,
    });
  });

  it('keeps the pending statistics of a key evicted before its flush, one row per key', () => {
    const aggregator = new AccessAggregator(
      resolveVolatilityConfig({ capacity: { keys: 2, users: 10, pendingCounters: 10 } }),
    );
    aggregator.recordAccess('task:a', undefined, 1);
    aggregator.recordAccess('task:b', undefined, 2);
    aggregator.recordAccess('task:c', undefined, 3);
    aggregator.recordAccess('task:a', undefined, 4);
    const batch = aggregator.drain();
    expect(batch.keyStats.map((row) => [row.key, row.accesses]).sort()).toEqual([
      ['task:a', 2],
      ['task:b', 1],
      ['task:c', 1],
    ]);
  });

  it('records updates exactly, whatever the bounds', () => {
    const aggregator = new AccessAggregator(
      resolveVolatilityConfig({ capacity: { keys: 1, users: 1, pendingCounters: 1 } }),
    );
    for (let index = 0; index < 100; index++) {
      aggregator.recordUpdate(`task:k${index % 7}`, index);
    }
    expect(aggregator.drain().updates).toHaveLength(100);
  });

  it('counts what a user reads shortly after what, and nothing across a long pause', () => {
    const aggregator = new AccessAggregator(resolveVolatilityConfig({}));
    aggregator.recordAccess('task:t1', 'u1', 0);
    aggregator.recordAccess('project:p1', 'u1', 1_000);
    aggregator.recordAccess('task:t1', 'u1', 2_000);
    aggregator.recordAccess('project:p1', 'u1', 3_000);
    aggregator.recordAccess('user:u2', 'u1', 3_000 + 10 * 60_000);
    expect(aggregator.drain().readAfter).toEqual([
      { previousKey: 'task:t1', nextKey: 'project:p1', count: 2, lastAt: 3_000 },
      { previousKey: 'project:p1', nextKey: 'task:t1', count: 1, lastAt: 2_000 },
    ]);
  });
});
