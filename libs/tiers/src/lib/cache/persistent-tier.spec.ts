import type { CacheEntry } from '../core/cache-entry';
import { FakeClock } from '../core/clock';
import { CircuitBreaker } from '../resilience/circuit-breaker';
import type { InvalidationTarget, SetResult, TierInvalidation } from '../core/tier-store';
import {
  InMemoryPersistentTierStore,
  InMemoryStampDomain,
} from '../testing/in-memory-persistent-tier-store';
import { UnreachableTierStore } from '../testing/unreachable-tier-store';
import type { InvalidationScope } from './invalidation-scope';
import { PersistentTier } from './persistent-tier';

const breakerOptions = { failureThreshold: 3, coolDownMs: 10_000, callTimeoutMs: 100 };

function entry(clock: FakeClock, key: string): CacheEntry {
  return {
    key,
    type: 'task',
    json: '"v"',
    dependencies: ['project:1'],
    createdAt: clock.now(),
    expiresAt: clock.now() + 60_000,
    staleUntil: clock.now() + 120_000,
  };
}

describe('PersistentTier', () => {
  it('reads keys with their stamp in one store call, and writes under a stamp', async () => {
    const clock = new FakeClock();
    const store = new InMemoryPersistentTierStore({ tier: 'warm', clock });
    const tier = new PersistentTier(store, new CircuitBreaker('warm', breakerOptions, clock));
    await tier.set(entry(clock, 'task:1'), 0);
    await tier.set(entry(clock, 'task:2'), 0);
    await tier.invalidate({ kind: 'key', key: 'task:9' });

    const read = await tier.read(['task:1', 'task:2', 'task:3']);
    expect([...(read?.entries ?? new Map()).keys()]).toEqual(['task:1', 'task:2']);
    expect(read?.stamp).toBe(1);
    expect(store.calls).toMatchObject({ read: 1 });
    expect((await tier.set(entry(clock, 'task:9'), 0))?.outcome).toBe('invalidated');
    expect((await tier.set(entry(clock, 'task:9'), 1))?.outcome).toBe('stored');
  });

  it('invalidates the tiers of one stamp domain in one store call', async () => {
    const clock = new FakeClock();
    const domain = new InMemoryStampDomain();
    const warmStore = new InMemoryPersistentTierStore({ tier: 'warm', clock, domain });
    const coldStore = new InMemoryPersistentTierStore({ tier: 'cold', clock, domain });
    const [warm, cold] = [warmStore, coldStore].map(
      (store) => new PersistentTier(store, new CircuitBreaker(store.tier, breakerOptions, clock)),
    );
    await warm.set(entry(clock, 'task:1'), 0);
    await cold.set(entry(clock, 'task:1'), 0);

    expect(await warm.invalidate({ kind: 'dependency', dependency: 'project:1' }, [cold])).toEqual({
      removed: 2,
      stamp: 1,
    });
    expect(warmStore.calls['invalidate']).toBe(1);
    expect(coldStore.calls['invalidate']).toBeUndefined();
    expect((await cold.read(['task:1']))?.entries.size).toBe(0);
  });

  it('never throws: a failed read is undefined (not an empty result), a failed write undefined', async () => {
    const clock = new FakeClock();
    const tier = new PersistentTier(
      new UnreachableTierStore('warm', 'failing'),
      new CircuitBreaker('warm', breakerOptions, clock),
    );

    await expect(tier.read(['task:1'])).resolves.toBeUndefined();
    await expect(tier.stamp()).resolves.toBeUndefined();
    await expect(tier.set(entry(clock, 'task:1'), 0)).resolves.toBeUndefined();
    await expect(tier.invalidate({ kind: 'dependency', dependency: 'x' })).resolves.toBeUndefined();
    await expect(tier.occupancy()).resolves.toBeUndefined();
    expect(tier.circuit).toBe('open');
  });

  it('deletes a key whose write failed before the tier is read again, since the write may have landed', async () => {
    const clock = new FakeClock();
    /** Commits the write, then fails it: a timeout after the commit. */
    class LateCommitStore extends InMemoryPersistentTierStore {
      override async set(written: CacheEntry, stamp: number): Promise<SetResult> {
        await super.set(written, stamp);
        throw new Error('timed out');
      }
    }
    const store = new LateCommitStore({ tier: 'warm', clock });
    const tier = new PersistentTier(store, new CircuitBreaker('warm', breakerOptions, clock));

    await expect(tier.set(entry(clock, 'task:1'), 0)).resolves.toBeUndefined();
    expect(await store.get('task:1')).toBeDefined();

    // The first read skips the tier and starts the clean-up; reads after it find the key gone,
    // and the clean-up raised the counter, leaving a tombstone.
    await expect(tier.read(['task:1'])).resolves.toBeUndefined();
    await new Promise(setImmediate);
    expect(await store.get('task:1')).toBeUndefined();
    expect((await tier.read(['task:1']))?.entries).toEqual(new Map());
    expect((await store.read([])).stamp).toBe(1);
  });

  it('replays a missed invalidation on a timer, with no read here, and reports it for republishing', async () => {
    jest.useFakeTimers();
    try {
      const clock = new FakeClock();
      /** Its first two invalidations fail (a timeout on a loaded database). */
      class FlakyStore extends InMemoryPersistentTierStore {
        failures = 2;
        override async invalidate(
          target: InvalidationTarget,
          alsoTiers?: readonly string[],
        ): Promise<TierInvalidation> {
          if (this.failures-- > 0) {
            throw new Error('timed out');
          }
          return super.invalidate(target, alsoTiers);
        }
      }
      const store = new FlakyStore({ tier: 'warm', clock });
      const replayed: InvalidationScope[] = [];
      const tier = new PersistentTier(
        store,
        new CircuitBreaker('warm', breakerOptions, clock),
        (scope) => replayed.push(scope),
      );
      await store.set(entry(clock, 'task:1'), 0);

      await expect(tier.invalidate({ kind: 'key', key: 'task:1' })).resolves.toBeUndefined();
      expect(await store.get('task:1')).toBeDefined();
      // The first retry fails too; the next one, after twice the wait, lands.
      await jest.advanceTimersByTimeAsync(100);
      expect(await store.get('task:1')).toBeDefined();
      expect(replayed).toEqual([]);
      await jest.advanceTimersByTimeAsync(200);
      expect(await store.get('task:1')).toBeUndefined();
      expect(replayed).toEqual([{ kind: 'key', key: 'task:1' }]);
      expect(tier.pendingInvalidations).toBe(0);
      tier.stop();
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
