import type { CacheEntry } from '../core/cache-entry';
import { FakeClock } from '../core/clock';
import { CircuitBreaker } from '../resilience/circuit-breaker';
import { InMemoryPersistentTierStore } from '../testing/in-memory-persistent-tier-store';
import { UnreachableTierStore } from '../testing/unreachable-tier-store';
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
  it('reads one key with get and several with one getMany', async () => {
    const clock = new FakeClock();
    const store = new InMemoryPersistentTierStore({ tier: 'warm', clock });
    const tier = new PersistentTier(store, new CircuitBreaker('warm', breakerOptions, clock));
    await tier.set(entry(clock, 'task:1'));
    await tier.set(entry(clock, 'task:2'));

    expect([...((await tier.getMany(['task:1'])) ?? new Map()).keys()]).toEqual(['task:1']);
    expect([...((await tier.getMany(['task:1', 'task:2', 'task:3'])) ?? []).keys()]).toEqual([
      'task:1',
      'task:2',
    ]);
    expect(store.calls).toMatchObject({ get: 1, getMany: 1 });
  });

  it('never throws: a failed read is undefined (not an empty result), a failed write undefined', async () => {
    const clock = new FakeClock();
    const tier = new PersistentTier(
      new UnreachableTierStore('warm', 'failing'),
      new CircuitBreaker('warm', breakerOptions, clock),
    );

    await expect(tier.getMany(['task:1'])).resolves.toBeUndefined();
    await expect(tier.set(entry(clock, 'task:1'))).resolves.toBeUndefined();
    await expect(tier.invalidate({ kind: 'dependency', dependency: 'x' })).resolves.toBe(0);
    await expect(tier.occupancy()).resolves.toBeUndefined();
    expect(tier.circuit).toBe('open');
  });

  it('deletes a key whose write failed before the tier is read again, since the write may have landed', async () => {
    const clock = new FakeClock();
    /** Commits the write, then fails it: a timeout after the commit. */
    class LateCommitStore extends InMemoryPersistentTierStore {
      override async set(written: CacheEntry): Promise<CacheEntry[]> {
        await super.set(written);
        throw new Error('timed out');
      }
    }
    const store = new LateCommitStore({ tier: 'warm', clock });
    const tier = new PersistentTier(store, new CircuitBreaker('warm', breakerOptions, clock));

    await expect(tier.set(entry(clock, 'task:1'))).resolves.toBeUndefined();
    expect(await store.get('task:1')).toBeDefined();

    // The first read skips the tier and starts the clean-up; reads after it find the key gone.
    await expect(tier.getMany(['task:1'])).resolves.toBeUndefined();
    await new Promise(setImmediate);
    expect(await store.get('task:1')).toBeUndefined();
    await expect(tier.getMany(['task:1'])).resolves.toEqual(new Map());
  });
});
