import { createTestCache } from '../testing/create-test-cache';
import type { InMemoryPersistentTierStore } from '../testing/in-memory-persistent-tier-store';

/** Holds back the store's writes until opened; counts the writes that reached it. */
function heldBackWrites(store: InMemoryPersistentTierStore) {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const original = store.set.bind(store);
  const reached: string[] = [];
  store.set = async (...args: Parameters<typeof original>) => {
    reached.push(args[0].key);
    await gate;
    return original(...args);
  };
  return { open: () => open(), reached };
}

// Fixed placement: a task's home is the warm tier.
const task = { type: 'task', dependencies: ['task:1'] };

/**
 * Issue 12: a load answers before its fill of the shared tier lands (write-behind), and the fill
 * obeys the invalidation epochs and the store's stamps exactly as a write-through one did.
 */
describe('TieredCache: fills of the shared tiers land behind the answer', () => {
  it('answers a miss while its fill of the warm tier is still held back', async () => {
    const { cache, warm } = createTestCache();
    const writes = heldBackWrites(warm);

    await expect(cache.getOrLoad('task:1', async () => 'v1', task)).resolves.toEqual({
      json: '"v1"',
      source: 'miss',
    });
    expect(await warm.get('task:1')).toBeUndefined();

    writes.open();
    await cache.idle();
    expect(writes.reached).toEqual(['task:1']);
    expect((await warm.get('task:1'))?.json).toBe('"v1"');
  });

  it('answers a read while the fill is pending from it, as its tier, loading and writing once', async () => {
    const { cache, warm } = createTestCache();
    const writes = heldBackWrites(warm);
    const loader = jest.fn(async () => 'v1');

    await cache.getOrLoad('task:1', loader, task);
    await expect(cache.getOrLoad('task:1', loader, task)).resolves.toEqual({
      json: '"v1"',
      source: 'warm',
    });
    // Read twice, it is promoted from the pending fill as from its tier.
    expect((await cache.entryInfo('task:1'))?.tier).toBe('hot');
    writes.open();
    await cache.idle();
    expect(loader).toHaveBeenCalledTimes(1);
    expect(writes.reached).toEqual(['task:1']);
  });

  it('never lands a fill that an invalidation overtook before it started', async () => {
    const { cache, warm } = createTestCache();

    await cache.getOrLoad('task:1', async () => 'v1', task);
    // The fill starts on the next turn of the event loop; the write's invalidation comes first,
    // and counts the fill it cancelled.
    await expect(cache.invalidate('task:1')).resolves.toBe(1);
    await cache.idle();

    expect(await warm.get('task:1')).toBeUndefined();
    await expect(cache.getOrLoad('task:1', async () => 'v2', task)).resolves.toEqual({
      json: '"v2"',
      source: 'miss',
    });
  });

  it('never lands a fill that an invalidation overtook while the store was writing it', async () => {
    const { cache, warm } = createTestCache();
    const writes = heldBackWrites(warm);

    await cache.getOrLoad('task:1', async () => 'v1', task);
    while (writes.reached.length === 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    await cache.invalidate('task:1');
    // Nor does a read after the invalidation take the value the overtaken fill holds.
    await expect(cache.get('task:1')).resolves.toBeUndefined();
    writes.open();
    await cache.idle();

    expect(await warm.get('task:1')).toBeUndefined();
    await expect(cache.getOrLoad('task:1', async () => 'v2', task)).resolves.toEqual({
      json: '"v2"',
      source: 'miss',
    });
  });

  it('answers after its own fill once the write-behind bound is reached', async () => {
    const { cache, warm } = createTestCache({ writeBehindLimit: 1 });
    const writes = heldBackWrites(warm);

    await cache.getOrLoad('task:1', async () => 'v1', task);
    let secondAnswered = false;
    const second = cache
      .getOrLoad('task:2', async () => 'v2', { type: 'task', dependencies: ['task:2'] })
      .then((value) => {
        secondAnswered = true;
        return value;
      });
    while (writes.reached.length < 2) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(secondAnswered).toBe(false);

    writes.open();
    await expect(second).resolves.toEqual({ json: '"v2"', source: 'miss' });
    await cache.idle();
    expect((await warm.get('task:2'))?.json).toBe('"v2"');
  });
});
