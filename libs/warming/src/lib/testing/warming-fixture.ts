import {
  FakeClock,
  HotTier,
  InProcessInvalidationBus,
  TieredCache,
  type LoadRequest,
  type PlacementPolicy,
} from '@strata/tiers';
import {
  checkWarmingSettings,
  type WarmingOverrides,
  type WarmingSettings,
} from '../config/warming-config';
import { WarmableKeys } from '../core/warmable-keys';
import { SourceThrottle } from '../core/source-throttle';
import { WarmingService } from '../core/warming.service';
import { RefreshAheadStrategy } from '../strategies/refresh-ahead.strategy';
import { CacheTriggers } from '../cache-triggers';

/** Every entry in the hot tier for 100 s. */
const HOT_100_SECONDS: PlacementPolicy = { place: () => ({ tier: 'hot', ttlSeconds: 100 }) };

/** A source of truth whose values tests set and whose loads they count (or hold). */
export class FakeSource extends WarmableKeys {
  readonly values = new Map<string, string>();
  readonly loads = new Map<string, number>();
  /** While set, loads wait for it. */
  gate: Promise<void> | undefined;

  requestFor(key: string): LoadRequest | undefined {
    if (!this.values.has(key)) {
      return undefined;
    }
    return {
      key,
      type: key.split(':')[0],
      dependencies: [key],
      load: async () => {
        const value = this.values.get(key);
        await this.gate;
        this.loads.set(key, (this.loads.get(key) ?? 0) + 1);
        return value;
      },
    };
  }

  /** A read as the api makes it: through the cache, with this source's loader. */
  read(cache: TieredCache, key: string) {
    const request = this.requestFor(key) as LoadRequest;
    return cache.getOrLoad(request.key, request.load, request);
  }
}

/** A TieredCache over a real HotTier on a FakeClock, with refresh-ahead wired to it as the module does. */
export function warmingFixture(overrides: WarmingOverrides = {}) {
  const clock = new FakeClock(Date.UTC(2026, 0, 5, 9));
  const hot = new HotTier({ clock, sweepIntervalMs: 0 });
  const cache = new TieredCache({
    hot,
    placement: HOT_100_SECONDS,
    bus: new InProcessInvalidationBus(),
    clock,
  });
  const { settings, problems } = checkWarmingSettings(overrides);
  if (problems.length > 0) {
    throw new Error(JSON.stringify(problems));
  }
  const source = new FakeSource();
  // On the fixture's clock, so that a test moves the statement rate's seconds itself.
  const throttle = new SourceThrottle(settings.throttle, clock);
  const warming = new WarmingService(cache, source, settings, clock, throttle);
  const refreshAhead = new RefreshAheadStrategy(settings.refreshAhead, settings.maxTracked);
  const triggers = new CacheTriggers(cache, warming, refreshAhead, clock);
  triggers.onModuleInit();
  return {
    clock,
    hot,
    cache,
    source,
    warming,
    throttle,
    refreshAhead,
    settings: settings as WarmingSettings,
  };
}
