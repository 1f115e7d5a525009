import { InProcessInvalidationBus } from '../bus/in-process-invalidation-bus';
import { TieredCache } from '../cache/tiered-cache';
import type { TieredCacheOptions } from '../cache/tiered-cache-options';
import { FakeClock } from '../core/clock';
import { FixedPlacementPolicy } from '../placement/fixed-placement-policy';
import { InMemoryHotTierStore } from './in-memory-hot-tier-store';
import { InMemoryPersistentTierStore } from './in-memory-persistent-tier-store';

/**
 * A TieredCache over in-memory stores, a fake clock, the fixed medium placement and an in-process
 * bus; any of them can be replaced. Breaker: 3 failures, 10 s cool-down, 100 ms call timeout.
 * The stores returned are the defaults: a test that replaces one keeps its own reference to it.
 */
export function createTestCache(
  overrides: Partial<TieredCacheOptions> & { clock?: FakeClock } = {},
) {
  const clock = overrides.clock ?? new FakeClock();
  const hot = new InMemoryHotTierStore(clock);
  const warm = new InMemoryPersistentTierStore({ tier: 'warm', clock });
  const cold = new InMemoryPersistentTierStore({ tier: 'cold', clock });
  const bus = new InProcessInvalidationBus();
  const options: TieredCacheOptions = {
    hot,
    warm,
    cold,
    placement: new FixedPlacementPolicy(),
    bus,
    replicaId: 'replica-a',
    breaker: { failureThreshold: 3, coolDownMs: 10_000, callTimeoutMs: 100 },
    ...overrides,
    clock,
  };
  return { cache: new TieredCache(options), clock, hot, warm, cold, bus, options };
}
