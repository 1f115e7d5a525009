import type { CacheEntry } from '../core/cache-entry';
import { FakeClock } from '../core/clock';
import type { InvalidationBus } from '../core/invalidation-bus';
import { FixedPlacementPolicy, MEDIUM_PLACEMENTS } from '../placement/fixed-placement-policy';
import { createTestCache } from '../testing/create-test-cache';
import { InMemoryHotTierStore } from '../testing/in-memory-hot-tier-store';
import {
  InMemoryPersistentTierStore,
  InMemoryStampDomain,
} from '../testing/in-memory-persistent-tier-store';

/** A bus that never delivers: the other replica learns nothing of an invalidation. */
function silentBus(): InvalidationBus {
  return {
    publish: async () => undefined,
    subscribe: () => () => undefined,
    close: async () => undefined,
  };
}

/** Holds back one store method until opened. */
function heldBack(store: InMemoryPersistentTierStore, method: 'set'): () => void {
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const original = store[method].bind(store);
  store[method] = async (...args: Parameters<typeof original>) => {
    await gate;
    return original(...args);
  };
  return open;
}

const user = { type: 'user', dependencies: ['user:1'] };

/**
 * Promotions and demotions obey the rule new entries do (issue 8): a value obtained before an
 * invalidation made on another replica, whose message has not arrived, never lands in a shared
 * tier after it, however long it waited in a tier above.
 */
describe('TieredCache: moves between tiers are conditional writes', () => {
  for (const domains of ['one stamp domain', 'two stamp domains'] as const) {
    describe(`warm and cold in ${domains}`, () => {
      const sharedTiers = (clock: FakeClock) => {
        const domain = domains === 'one stamp domain' ? new InMemoryStampDomain() : undefined;
        return {
          warm: new InMemoryPersistentTierStore({ tier: 'warm', clock, domain }),
          cold: new InMemoryPersistentTierStore({ tier: 'cold', clock, domain }),
        };
      };

      it('refuses to demote from hot a value another replica invalidated since it was loaded', async () => {
        const clock = new FakeClock();
        const tiers = sharedTiers(clock);
        const placement = new FixedPlacementPolicy({
          ...MEDIUM_PLACEMENTS,
          user: { tier: 'hot', ttlSeconds: 300 },
        });
        const common = { clock, ...tiers, placement, bus: silentBus() };
        const hot = new InMemoryHotTierStore(clock, 200);
        const b = createTestCache({ ...common, hot, replicaId: 'b' }).cache;
        const a = createTestCache({ ...common, replicaId: 'a' }).cache;
        await b.getOrLoad('user:1', async () => 'old', user);
        expect(hot.get('user:1')?.json).toBe('"old"');

        await a.invalidate('user:1');
        // B's hot tier, knowing nothing, now evicts the old value while it is still fresh.
        for (let index = 2; index < 8; index++) {
          await b.getOrLoad(`user:${index}`, async () => 'x'.repeat(40), {
            type: 'user',
            dependencies: [],
          });
        }
        await b.idle();

        expect(hot.get('user:1')).toBeUndefined();
        expect((await b.stats()).tiers.hot.demotions).toBeGreaterThan(0);
        expect(await tiers.warm.get('user:1')).toBeUndefined();
        expect((await b.stats()).refusedWrites).toBeGreaterThanOrEqual(1);
        expect(await tiers.warm.get('user:2')).toBeDefined();
      });

      it('refuses to promote from cold into warm a value another replica invalidated meanwhile', async () => {
        const clock = new FakeClock();
        const tiers = sharedTiers(clock);
        const common = { clock, ...tiers, bus: silentBus(), promotionThreshold: 1 };
        const a = createTestCache({ ...common, replicaId: 'a' }).cache;
        const b = createTestCache({ ...common, replicaId: 'b' }).cache;
        const old: CacheEntry = {
          key: 'agent:1',
          type: 'agent',
          json: '"old"',
          dependencies: ['agent:1'],
          createdAt: clock.now(),
          expiresAt: clock.now() + 3_600_000,
          staleUntil: clock.now() + 3_600_000,
        };
        await tiers.cold.set(old, await tiers.cold.stamp());

        const openWarmWrites = heldBack(tiers.warm, 'set');
        // B reads it in cold and promotes it; the promotion is held on its way into warm.
        const onB = await b.getMany(['agent:1']);
        expect(onB.get('agent:1')).toEqual({ json: '"old"', source: 'cold' });
        await a.invalidate('agent:1');
        openWarmWrites();
        await b.idle();

        expect(await tiers.warm.get('agent:1')).toBeUndefined();
        expect(await tiers.cold.get('agent:1')).toBeUndefined();
        expect((await b.stats()).refusedWrites).toBe(1);
      });
    });
  }

  it('invalidates tiers of two domains warm, cold, then warm again; of one domain in one call', async () => {
    for (const domain of [undefined, new InMemoryStampDomain()]) {
      const clock = new FakeClock();
      const order: string[] = [];
      const tier = (name: 'warm' | 'cold') =>
        new InMemoryPersistentTierStore({
          tier: name,
          clock,
          domain,
          beforeCall: async (method) => {
            if (method === 'invalidate') order.push(name);
          },
        });
      const { cache } = createTestCache({ clock, warm: tier('warm'), cold: tier('cold') });
      await cache.invalidate('project:1');
      expect(order).toEqual(domain === undefined ? ['warm', 'cold', 'warm'] : ['warm']);
    }
  });
});
