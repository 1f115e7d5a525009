import { ConfigurableModuleBuilder, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { TierStoresSpec } from './tier-stores';

/** The warm and cold tiers' own named TypeORM connection. */
export const TIERS_CONNECTION = 'tiers';
export const TIERS_DATA_SOURCE = getDataSourceToken(TIERS_CONNECTION) as string;

/** The opened TierStores, or undefined when the spec turned the cache off. */
export const TIER_STORES = Symbol('TIER_STORES');

export const {
  ConfigurableModuleClass: TierStoresOptionsConfigurableModule,
  MODULE_OPTIONS_TOKEN: TIER_STORES_SPEC,
  OPTIONS_TYPE: TIER_STORES_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: TIER_STORES_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<TierStoresSpec>().setClassMethodName('forRoot').build();

/** The spec, which both the stores and the tiers' TypeORM connection need. */
@Module({ exports: [TIER_STORES_SPEC] })
export class TierStoresOptionsModule extends TierStoresOptionsConfigurableModule {}
