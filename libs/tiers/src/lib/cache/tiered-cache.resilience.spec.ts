import { FakeClock } from '../core/clock';
import { createTestCache } from '../testing/create-test-cache';
import { InMemoryPersistentTierStore } from '../testing/in-memory-persistent-tier-store';
import { UnreachableTierStore } from '../testing/unreachable-tier-store';

const task = { type: 'task', dependencies: ['task:1'] };

/** A warm tier that can be taken down and brought back. */
function switchableWarm(clock: FakeClock) {
  const state = { down: false };
  const store = new InMemoryPersistentTierStore({
    tier: 'warm',
    clock,
    beforeCall: async () => {
      if (state.down) {
        throw new Error('warm tier unreachable');
      }
    },
  });
  return { store, state };
}

describe('TieredCache resilience (invariant 3)', () => {
  it('answers from the loader while warm fails, and stops calling warm once its circuit opens', async () => {
    const warm = new UnreachableTierStore('warm', 'failing');
    const { cache } = createTestCache({ warm });

    for (let read = 0; read < 5; read++) {
      const key = `task:${read}`;
      await expect(
        cache.getOrLoad(key, async () => read, { type: 'task', dependencies: [key] }),
      ).resolves.toEqual({ json: String(read), source: 'miss' });
      await cache.idle();
    }

    const stats = await cache.stats();
    expect(stats.tiers.warm).toMatchObject({ circuit: 'open', reachable: false });
    const callsWhileOpen = warm.calls;
    await cache.getOrLoad('task:9', async () => 9, { type: 'task', dependencies: [] });
    await cache.idle();
    expect(warm.calls).toBe(callsWhileOpen);
  });

  it('keeps an entry whose home tier is down in the hot tier meanwhile', async () => {
    const { cache } = createTestCache({ warm: new UnreachableTierStore('warm', 'failing') });
    await cache.getOrLoad('task:1', async () => 'v1', task);
    await cache.idle();

    await expect(cache.getOrLoad('task:1', async () => 'v2', task)).resolves.toEqual({
      json: '"v1"',
      source: 'hot',
    });
  });

  it('answers when both persistent tiers are down, one failing and one hanging', async () => {
    jest.useFakeTimers();
    try {
      const { cache } = createTestCache({
        warm: new UnreachableTierStore('warm', 'hanging'),
        cold: new UnreachableTierStore('cold', 'failing'),
      });
      const answer = cache.getOrLoad('agent:1', async () => 'config', {
        type: 'agent',
        dependencies: [],
      });
      await jest.advanceTimersByTimeAsync(100);
      await expect(answer).resolves.toEqual({ json: '"config"', source: 'miss' });
    } finally {
      jest.useRealTimers();
    }
  });

  describe('a hanging tier', () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    it('holds a read no longer than the call timeout per call, then not at all once its circuit opens', async () => {
      const warm = new UnreachableTierStore('warm', 'hanging');
      const { cache } = createTestCache({ warm });

      const first = cache.getOrLoad('task:1', async () => 'v1', task);
      let settled = false;
      void first.then(() => (settled = true));
      await jest.advanceTimersByTimeAsync(99);
      expect(settled).toBe(false);
      // The lookup times out. Its stamp is missing, so the loaded value is not written to warm
      // (nothing would order the write against invalidations): it answers at once, kept in hot.
      await jest.advanceTimersByTimeAsync(1);
      await expect(first).resolves.toEqual({ json: '"v1"', source: 'miss' });

      // Two more timed-out reads open the circuit.
      for (const key of ['task:2', 'task:3']) {
        const next = cache.getOrLoad(key, async () => key, { type: 'task', dependencies: [] });
        await jest.advanceTimersByTimeAsync(100);
        await expect(next).resolves.toEqual({ json: JSON.stringify(key), source: 'miss' });
      }
      expect((await cache.stats()).tiers.warm.circuit).toBe('open');

      const callsWhileOpen = warm.calls;
      const fourth = cache.getOrLoad('task:4', async () => 'v4', {
        type: 'task',
        dependencies: [],
      });
      await expect(fourth).resolves.toEqual({ json: '"v4"', source: 'miss' });
      expect(warm.calls).toBe(callsWhileOpen);
      expect(jest.getTimerCount()).toBe(0);
    });
  });

  it('tries the tier again after the cool-down on its clock, and uses it once it answers', async () => {
    const clock = new FakeClock();
    const warm = switchableWarm(clock);
    const { cache } = createTestCache({ clock, warm: warm.store });
    warm.state.down = true;
    for (let read = 0; read < 3; read++) {
      await cache.get(`task:${read}`);
    }
    expect((await cache.stats()).tiers.warm.circuit).toBe('open');

    warm.state.down = false;
    clock.advance(10_000);
    expect((await cache.stats()).tiers.warm.circuit).toBe('closed');
    await cache.getOrLoad('task:7', async () => 7, { type: 'task', dependencies: [] });
    await cache.idle();
    expect((await warm.store.get('task:7'))?.json).toBe('7');
  });

  it('replays an invalidation a tier missed while down before reading it again', async () => {
    const clock = new FakeClock();
    const warm = switchableWarm(clock);
    const { cache } = createTestCache({ clock, warm: warm.store, promotionThreshold: 100 });
    await cache.getOrLoad('task:1', async () => 'v1', task);
    await cache.idle();

    warm.state.down = true;
    await cache.invalidate('task:1');
    warm.state.down = false;
    expect((await warm.store.get('task:1'))?.json).toBe('"v1"');
    // Unconfirmed, and only in this process's memory: a durable log must keep its record.
    expect(cache.pendingInvalidations()).toBe(1);

    // Reads skip warm until the replay has landed, rather than wait for it.
    await expect(cache.get('task:1')).resolves.toBeUndefined();
    await new Promise(setImmediate);
    expect(await warm.store.get('task:1')).toBeUndefined();
    expect(cache.pendingInvalidations()).toBe(0);
    await expect(cache.getOrLoad('task:1', async () => 'v2', task)).resolves.toEqual({
      json: '"v2"',
      source: 'miss',
    });
    await cache.idle();
    await expect(cache.get('task:1')).resolves.toEqual({ json: '"v2"', source: 'warm' });
  });

  it('does not read a tier that still cannot take the missed invalidation', async () => {
    const clock = new FakeClock();
    const state = { failDeletes: false };
    const warm = new InMemoryPersistentTierStore({
      tier: 'warm',
      clock,
      beforeCall: async (method) => {
        if (state.failDeletes && method === 'deleteByDependency') {
          throw new Error('delete failed');
        }
      },
    });
    const { cache } = createTestCache({ clock, warm, promotionThreshold: 100 });
    await cache.getOrLoad('task:1', async () => 'v1', task);
    await cache.idle();

    state.failDeletes = true;
    await cache.invalidate('task:1');

    await expect(cache.getOrLoad('task:1', async () => 'v2', task)).resolves.toEqual({
      json: '"v2"',
      source: 'miss',
    });
  });
});
