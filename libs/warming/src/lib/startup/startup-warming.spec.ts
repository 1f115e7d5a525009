import {
  FakeClock,
  HotTier,
  InProcessInvalidationBus,
  TieredCache,
  type PlacementPolicy,
} from '@strata/tiers';
import { InMemoryPersistentTierStore } from '@strata/tiers/testing';
import { CacheTriggers } from '../cache-triggers';
import { checkWarmingSettings, type WarmingOverrides } from '../config/warming-config';
import { SourceThrottle } from '../core/source-throttle';
import { WarmingService } from '../core/warming.service';
import type { PredictiveWarming } from '../strategies/predictive/predictive-warming';
import type { Prediction } from '../strategies/predictive/prediction-model';
import { RefreshAheadStrategy } from '../strategies/refresh-ahead.strategy';
import { FakeSource } from '../testing/warming-fixture';
import { StartupWarming } from './startup-warming';

/** Every entry at home in the warm tier for 10 minutes. */
const WARM_600_SECONDS: PlacementPolicy = { place: () => ({ tier: 'warm', ttlSeconds: 600 }) };

/** Entries of 37 bytes: key (14) + JSON (9) + the key as dependency (14). */
const KEYS = ['context:task:1', 'context:task:2', 'context:task:3'];

/** A replica over a warm tier that the last one filled, its hot tier empty, its source counted. */
async function restartedReplica(overrides: WarmingOverrides, hotSet: () => Promise<Prediction[]>) {
  const clock = new FakeClock(Date.UTC(2026, 0, 6, 9));
  const warm = new InMemoryPersistentTierStore({ tier: 'warm', clock });
  const source = new FakeSource();
  const open = () => {
    const hot = new HotTier({ clock, sweepIntervalMs: 0 });
    const bus = new InProcessInvalidationBus();
    const cache = new TieredCache({ hot, warm, placement: WARM_600_SECONDS, bus, clock });
    return { hot, cache };
  };
  const before = open();
  for (const [index, key] of KEYS.entries()) {
    source.values.set(key, `value-${index + 1}`);
    await source.read(before.cache, key);
  }
  await before.cache.idle();
  await before.cache.close();
  source.loads.clear();

  const { hot, cache } = open();
  const { settings } = checkWarmingSettings(overrides);
  const warming = new WarmingService(
    cache,
    source,
    settings,
    clock,
    new SourceThrottle(settings.throttle, clock),
  );
  new CacheTriggers(
    cache,
    warming,
    new RefreshAheadStrategy(settings.refreshAhead, settings.maxTracked),
    clock,
  ).onModuleInit();
  const predictive = { hotSet: hotSet } as unknown as PredictiveWarming;
  const startup = new StartupWarming(cache, predictive, warming, settings, {});
  return { clock, hot, cache, source, warming, startup };
}

const predicted = (keys: readonly string[]) => async () =>
  keys.map((key, index) => ({ key, score: 1 - index / 10, because: 'lasting' as const }));

describe('StartupWarming', () => {
  it('copies the predicted hot set from the warm tier into hot, best first, never asking the source', async () => {
    const { hot, cache, source, warming, startup } = await restartedReplica(
      { startup: { maxEntries: 10, maxBytes: 10_000 } },
      predicted([...KEYS, 'context:task:gone']),
    );
    const run = await startup.warmUp();

    expect(source.loads.size).toBe(0);
    expect(run).toMatchObject({ state: 'done', predicted: 4, loaded: 3, bytes: 3 * 37 });
    expect(run.skipped.absent).toBe(1);
    for (const key of KEYS) {
      expect(hot.peek(key)?.warmedBy).toBe('startup');
    }
    expect((await source.read(cache, 'context:task:1')).source).toBe('hot');
    expect(source.loads.size).toBe(0);
    expect(warming.stats().strategies['startup']).toMatchObject({
      proposed: 4,
      warmed: 3,
      statements: 0,
      succeeded: 1,
      pending: 2,
    });
    expect(warming.stats().startup).toEqual(run);
  });

  it('keeps within its entries and its bytes', async () => {
    const hotSet = jest.fn(predicted(KEYS));
    const { hot, startup } = await restartedReplica(
      { startup: { maxEntries: 3, maxBytes: 80 } },
      (...args) => hotSet(...args),
    );
    const run = await startup.warmUp();
    expect(hotSet).toHaveBeenCalledWith(3);
    expect(run).toMatchObject({ loaded: 2, bytes: 74 });
    expect(run.skipped['over-budget']).toBe(1);
    expect(hot.peek('context:task:3')).toBeUndefined();
  });

  it('skips entries that expired in the warm tier while the replica was down', async () => {
    const { clock, hot, startup, source } = await restartedReplica({}, predicted(KEYS));
    clock.advance(600_000);
    const run = await startup.warmUp();
    expect(run).toMatchObject({ state: 'done', loaded: 0 });
    expect(run.skipped.expired).toBe(3);
    expect(hot.peek('context:task:1')).toBeUndefined();
    expect(source.loads.size).toBe(0);
  });

  it('holds readiness until it finishes, and no longer than its time limit', async () => {
    jest.useFakeTimers();
    try {
      // The history never answers.
      const { startup } = await restartedReplica(
        { startup: { timeLimitMs: 5_000 } },
        () => new Promise(() => undefined),
      );
      const ready = startup.indicator();
      await expect(ready()).resolves.toMatchObject({
        startupWarming: { status: 'down', state: 'waiting' },
      });
      startup.onApplicationBootstrap();
      await jest.advanceTimersByTimeAsync(4_999);
      await expect(ready()).resolves.toMatchObject({
        startupWarming: { status: 'down', state: 'running' },
      });
      await jest.advanceTimersByTimeAsync(1);
      await expect(startup.warmUp()).resolves.toMatchObject({ state: 'timed-out', loaded: 0 });
      await expect(ready()).resolves.toMatchObject({ startupWarming: { status: 'up' } });
    } finally {
      jest.useRealTimers();
    }
  });

  it('is off when switched off: ready at once, nothing copied', async () => {
    const hotSet = jest.fn(predicted(KEYS));
    const { startup, hot } = await restartedReplica({ strategies: ['refresh-ahead'] }, (...args) =>
      hotSet(...args),
    );
    startup.onApplicationBootstrap();
    await expect(startup.warmUp()).resolves.toMatchObject({ state: 'off' });
    await expect(startup.indicator()()).resolves.toMatchObject({
      startupWarming: { status: 'up', state: 'off' },
    });
    expect(hotSet).not.toHaveBeenCalled();
    expect(hot.peek('context:task:1')).toBeUndefined();
  });
});
