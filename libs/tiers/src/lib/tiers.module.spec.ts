import { Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { InProcessInvalidationBus } from './bus/in-process-invalidation-bus';
import { PassThroughCache } from './cache/pass-through-cache';
import { StrataCache } from './cache/strata-cache';
import { TieredCache } from './cache/tiered-cache';
import { FakeClock } from './core/clock';
import { InMemoryHotTierStore } from './testing/in-memory-hot-tier-store';
import { InMemoryPersistentTierStore } from './testing/in-memory-persistent-tier-store';
import { TiersModule } from './tiers.module';

@Module({})
class ClockModule {}

function stores() {
  const clock = new FakeClock();
  return {
    clock,
    hot: new InMemoryHotTierStore(clock),
    warm: new InMemoryPersistentTierStore({ tier: 'warm', clock }),
    cold: new InMemoryPersistentTierStore({ tier: 'cold', clock }),
    bus: new InProcessInvalidationBus(),
  };
}

describe('TiersModule', () => {
  it('forRoot provides the tiered cache over the given stores, and closes them on shutdown', async () => {
    const { clock, hot, warm, cold, bus } = stores();
    const closeHot = jest.spyOn(hot, 'close');
    const closeBus = jest.spyOn(bus, 'close');
    const moduleRef = await Test.createTestingModule({
      imports: [TiersModule.forRoot({ enabled: true, hot, warm, cold, bus, clock })],
    }).compile();

    const cache = moduleRef.get(StrataCache);
    expect(cache).toBeInstanceOf(TieredCache);
    await cache.getOrLoad('task:1', async () => 'v1', { type: 'task', dependencies: [] });

    await moduleRef.close();
    expect((await warm.get('task:1'))?.json).toBe('"v1"');
    expect(closeHot).toHaveBeenCalled();
    expect(warm.calls['close']).toBe(1);
    expect(cold.calls['close']).toBe(1);
    expect(closeBus).toHaveBeenCalled();
  });

  it('forRootAsync builds the options from a factory with injected dependencies', async () => {
    const { clock, hot, warm } = stores();
    const moduleRef = await Test.createTestingModule({
      imports: [
        TiersModule.forRootAsync({
          isGlobal: true,
          useFactory: (fakeClock: FakeClock) => ({ enabled: true, hot, warm, clock: fakeClock }),
          inject: [FakeClock],
          imports: [
            {
              module: ClockModule,
              providers: [{ provide: FakeClock, useValue: clock }],
              exports: [FakeClock],
            },
          ],
        }),
      ],
    }).compile();

    const cache = moduleRef.get(StrataCache);
    await cache.getOrLoad('task:1', async () => 'v1', { type: 'task', dependencies: [] });
    const info = await cache.entryInfo('task:1');
    expect(info).toMatchObject({ tier: 'warm', ttlSeconds: 300, band: 'medium' });
    await moduleRef.close();
  });

  it('provides the pass-through cache when caching is off', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [TiersModule.forRoot({ enabled: false })],
    }).compile();

    const cache = moduleRef.get(StrataCache);
    expect(cache).toBeInstanceOf(PassThroughCache);
    await expect(
      cache.getOrLoad('task:1', async () => 'v1', { type: 'task', dependencies: [] }),
    ).resolves.toEqual({ json: '"v1"', source: 'miss' });
    await moduleRef.close();
  });
});
