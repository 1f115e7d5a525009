import type { DynamicModule } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  StrataCache,
  TIER_STORES,
  TierStoresModule,
  TiersModule,
  type Clock,
  type TierStores,
  type TierStoresSpec,
} from '@strata/tiers';

export interface OpenTiers {
  cache: StrataCache;
  close(): Promise<void>;
}

export type TestTiersSpec = Partial<TierStoresSpec> & { clock?: Clock; isGlobal?: boolean };

/**
 * TiersModule over real stores, composed as an application composes it (TierStoresModule handing
 * its stores over): by default an in-memory SQLite database holds both persistent tiers (the
 * embedded default); `warmStore: 'redis'` puts the warm tier in Redis under its own prefix.
 */
export function testTiersModule({ isGlobal, ...spec }: TestTiersSpec = {}): DynamicModule {
  const stores = TierStoresModule.forRoot({
    databaseUrl: 'sqlite::memory:',
    warmStore: 'database',
    ...spec,
  });
  return TiersModule.forRootAsync({
    imports: [stores],
    inject: [TIER_STORES],
    useFactory: (opened: TierStores) => ({ enabled: true, ...opened, clock: spec.clock }),
    isGlobal,
  });
}

/** The StrataCache of a started testTiersModule; `close` shuts it down with its stores. */
export async function openTiers(spec: TestTiersSpec = {}): Promise<OpenTiers> {
  const testing = await Test.createTestingModule({ imports: [testTiersModule(spec)] }).compile();
  await testing.init();
  return { cache: testing.get(StrataCache), close: () => testing.close() };
}
