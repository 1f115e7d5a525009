import { Module, type DynamicModule } from '@nestjs/common';
import { storeConnection } from '@strata/database';
import type { DataSource } from 'typeorm';
import {
  TIER_ENTITIES,
  TIER_MIGRATIONS,
  TIER_MIGRATIONS_TABLE,
} from '../persistent/database/tier-schema';
import { createTierStores, type TierStoresSpec } from './tier-stores';
import {
  TIER_STORES,
  TIER_STORES_ASYNC_OPTIONS_TYPE,
  TIER_STORES_OPTIONS_TYPE,
  TIER_STORES_SPEC,
  TIERS_CONNECTION,
  TIERS_DATA_SOURCE,
  TierStoresOptionsModule,
} from './tier-stores.module-definition';

const TIERS_STORE = {
  entities: TIER_ENTITIES,
  migrations: TIER_MIGRATIONS,
  migrationsTableName: TIER_MIGRATIONS_TABLE,
};

/**
 * Provides TIER_STORES: the hot tier, and the warm and cold tiers over the named TypeORM
 * connection `tiers` (migrated at start) or a warm tier in Redis. Hand them to TiersModule,
 * which closes them. With `enabled: false` it provides undefined and never connects.
 */
@Module({})
export class TierStoresModule {
  static forRoot(spec: typeof TIER_STORES_OPTIONS_TYPE): DynamicModule {
    return TierStoresModule.over(TierStoresOptionsModule.forRoot(spec));
  }

  static forRootAsync(options: typeof TIER_STORES_ASYNC_OPTIONS_TYPE): DynamicModule {
    return TierStoresModule.over(TierStoresOptionsModule.forRootAsync(options));
  }

  private static over(specModule: DynamicModule): DynamicModule {
    const connection = storeConnection(TIERS_CONNECTION, TIERS_STORE, {
      imports: [specModule],
      inject: [TIER_STORES_SPEC],
      useFactory: (spec: TierStoresSpec) => ({
        url: spec.databaseUrl,
        schema: spec.schema,
        statementTimeoutMs: spec.statementTimeoutMs,
        connect: spec.enabled ?? true,
      }),
    });
    return {
      module: TierStoresModule,
      imports: [specModule, connection],
      providers: [
        {
          provide: TIER_STORES,
          inject: [TIER_STORES_SPEC, TIERS_DATA_SOURCE],
          useFactory: (spec: TierStoresSpec, dataSource: DataSource) =>
            (spec.enabled ?? true) ? createTierStores(spec, dataSource) : undefined,
        },
      ],
      exports: [TIER_STORES],
    };
  }
}
